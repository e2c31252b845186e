package dev.chargpt.checkpoint;

import dev.chargpt.AtomicFile;
import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;
import dev.chargpt.config.RunConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

import static dev.chargpt.Setting.RUN_DIRECTORY;

/**
 * The one owner of a run's paths and names: where a new run goes, its {@code latest.zip} and
 * {@code best.zip} checkpoints, its loss history, its chart and the chart's title (so
 * {@code chargpt chart} redraws exactly the chart that training drew), and a lock that keeps a
 * second {@code train} off the same directory (two writers would interleave checkpoints and
 * history rows). The lock is an OS file lock, so it disappears with the process even after a
 * kill -9: a stale lock file never blocks a resume.
 */
public final class RunDirectory implements AutoCloseable {
    /** Where new runs go unless {@code --models-dir} says otherwise. */
    public static final Path DEFAULT_MODELS_DIR = Path.of("models");
    /** Where charts go unless {@code --charts-dir} says otherwise: {@code charts/<run name>/loss.png}. */
    public static final Path DEFAULT_CHARTS_DIR = Path.of("charts");

    private static final String LATEST = "latest.zip";
    private static final String BEST = "best.zip";
    private static final String HISTORY = "history.jsonl";
    private static final String SAMPLES = "samples.txt";
    private static final String CONFIG = "config.properties";
    private static final String LOCK = "train.lock";
    private static final String CHART = "loss.png";
    private static final String ATTENTION = "attention.png";
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path directory;
    private FileChannel lockChannel;
    private FileLock lock;

    public RunDirectory(Path directory) {
        this.directory = directory;
    }

    /** A new run's directory under {@code modelsDir}: {@code <corpus>-<preset>-<yyyyMMdd-HHmmss>}. */
    public static RunDirectory newRun(Path modelsDir, String corpus, String preset, LocalDateTime started) {
        String corpusName = switch (corpus) {
            case "tiny", "complete" -> corpus;
            default -> {
                String file = Path.of(corpus).getFileName().toString();
                int dot = file.lastIndexOf('.');
                yield (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_-]", "_");
            }
        };
        return new RunDirectory(modelsDir.resolve(corpusName + "-" + preset + "-" + started.format(STARTED)));
    }

    public Path path() {
        return directory;
    }

    /** The directory's own name, also for "models/my-run/" or "."; charts are filed under it. */
    public String name() {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return name == null ? "run" : name.toString();
    }

    /** Whether a run has saved a checkpoint here. */
    public boolean holdsRun() {
        return Files.exists(latest());
    }

    /** Whether a run started here has written its config (it does before its first step). */
    public boolean hasConfig() {
        return Files.isRegularFile(directory.resolve(CONFIG));
    }

    /**
     * Writes the run's config (the same properties every checkpoint holds), atomically: what a run
     * killed before its first checkpoint needs to start again as it was started.
     *
     * @throws BadInputException if it cannot be written
     */
    public void writeConfig(RunConfig config) {
        Path file = directory.resolve(CONFIG);
        try {
            AtomicFile.replace(file, CheckpointFile.properties(RunConfigProperties.write(config)));
        } catch (IOException e) {
            throw new BadInputException("cannot write " + file.toAbsolutePath() + " (" + OneLineReason.of(e)
                    + "); free space or pass a writable " + RUN_DIRECTORY, e);
        }
    }

    /** @throws BadInputException if the config is missing, unreadable or damaged */
    public RunConfig readConfig() {
        Path file = directory.resolve(CONFIG);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read the run's config " + file.toAbsolutePath() + " (" + OneLineReason.of(e)
                    + "); start a new run in another directory", e);
        }
        return RunConfigProperties.read(properties, file.toAbsolutePath().toString());
    }

    public Path history() {
        return directory.resolve(HISTORY);
    }

    /** The text sampled after each epoch, with the epoch, step and validation loss of each ({@code samples.txt}). */
    public Path samples() {
        return directory.resolve(SAMPLES);
    }

    /** The run's loss chart under {@code chartsDir}: {@code <chartsDir>/<run name>/loss.png}. */
    public Path chartIn(Path chartsDir) {
        return chartsDir.resolve(name()).resolve(CHART);
    }

    /**
     * The run's attention grid (every layer and head) next to its loss chart:
     * {@code <chartsDir>/<run name>/attention.png}, where training draws it with
     * {@code --attention-pictures} and {@code chargpt attention} writes it by default.
     */
    public Path attentionIn(Path chartsDir) {
        return chartsDir.resolve(name()).resolve(ATTENTION);
    }

    /** One head's attention picture: {@code <chartsDir>/<run name>/attention-layer<L>-head<H>.png}. */
    public Path attentionIn(Path chartsDir, int layer, int head) {
        return chartsDir.resolve(name()).resolve("attention-layer" + layer + "-head" + head + ".png");
    }

    /** The attention grid's default place, with {@code <run name>} for help texts that have no run yet. */
    public static Path defaultAttention() {
        return DEFAULT_CHARTS_DIR.resolve("<run name>").resolve(ATTENTION);
    }

    /** The chart's default place, with {@code <run name>} for help texts that have no run yet. */
    public static Path defaultChart() {
        return DEFAULT_CHARTS_DIR.resolve("<run name>").resolve(CHART);
    }

    /**
     * The chart's title: the run's name, and its preset and corpus as its latest checkpoint records
     * them. Training draws the chart only after saving a checkpoint, so training and {@code chargpt
     * chart} read the same config; a run without a readable checkpoint has the name alone.
     */
    public String chartTitle() {
        String title = "chargpt " + name();
        if (!holdsRun()) {
            return title;
        }
        try {
            RunConfig config = CheckpointFile.readConfig(latest());
            return title + ": " + config.preset() + " on " + config.corpus();
        } catch (BadInputException unreadable) {
            return title;
        }
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
            default -> throw new BadInputException(Setting.CHECKPOINT + " must be best or latest, got '" + which + "'");
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
                    + "); pass a writable " + RUN_DIRECTORY, e);
        }
        if (!Files.isWritable(directory)) {
            throw new BadInputException("the run directory " + shown + " is not writable; pass a writable " + RUN_DIRECTORY);
        }
        Path lockFile = directory.resolve(LOCK);
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            throw new BadInputException("cannot write in the run directory " + shown + " (" + OneLineReason.of(e)
                    + "); pass a writable " + RUN_DIRECTORY, e);
        }
        if (lock == null) {
            close();
            throw new BadInputException("another chargpt train is running on " + shown
                    + "; wait for it to finish, or pass another " + RUN_DIRECTORY);
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
