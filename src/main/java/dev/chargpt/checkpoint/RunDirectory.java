package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The files of one run: {@code latest.zip} and {@code best.zip} checkpoints, the loss history, and
 * a lock that keeps a second {@code train} off the same directory (two writers would interleave
 * checkpoints and history rows). The lock is an OS file lock, so it disappears with the process
 * even after a kill -9: a stale lock file never blocks a resume.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String LATEST = "latest.zip";
    public static final String BEST = "best.zip";

    private final Path directory;
    private FileChannel lockChannel;
    private FileLock lock;

    public RunDirectory(Path directory) {
        this.directory = directory;
    }

    public Path path() {
        return directory;
    }

    public Path latest() {
        return directory.resolve(LATEST);
    }

    public Path best() {
        return directory.resolve(BEST);
    }

    /** The checkpoint {@code best} or {@code latest}, as the sample and eval commands name them. */
    public Path checkpoint(String which) {
        return switch (which) {
            case "best" -> best();
            case "latest" -> latest();
            default -> throw new BadInputException("--checkpoint must be best or latest, got '" + which + "'");
        };
    }

    /**
     * Creates the directory if needed, proves it writable and takes the training lock.
     *
     * @throws BadInputException if it cannot be created or written, or another training holds it
     */
    public RunDirectory openForTraining() {
        Path shown = directory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new BadInputException("cannot create the run directory " + shown + " (" + OneLineReason.of(e)
                    + "); pass a writable --out");
        }
        if (!Files.isWritable(directory)) {
            throw new BadInputException("the run directory " + shown + " is not writable; pass a writable --out");
        }
        Path lockFile = directory.resolve("train.lock");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            throw new BadInputException("cannot write in the run directory " + shown + " (" + OneLineReason.of(e)
                    + "); pass a writable --out");
        }
        if (lock == null) {
            close();
            throw new BadInputException("another chargpt train is running on " + shown
                    + "; wait for it to finish, or pass another --out");
        }
        return this;
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
        lock = null;
        lockChannel = null;
    }
}
