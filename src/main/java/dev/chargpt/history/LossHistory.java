package dev.chargpt.history;

import dev.chargpt.AtomicFile;
import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The loss history of one run: {@code history.jsonl} in the run directory, JSON Lines, one
 * {@link LossRecord} per line in the format of {@link HistoryRow}. Charts, {@code eval} and resume
 * read this file, never the loop's internals, so it is the contract between them.
 *
 * <p>Append-only while training, so a crash can at worst tear the last line; readers ignore a
 * torn last line and the next {@link #append} repairs it. A reader running while the loop appends
 * (a {@code chargpt chart} during training) sees a consistent prefix for the same reason.
 */
public final class LossHistory {

    private final Path file;

    public LossHistory(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Appends one row, creating the file (and its directory) if needed. The bytes go straight to
     * the operating system (a {@link FileChannel} has no buffer), so they survive a crash of the
     * JVM right after this returns.
     */
    public void append(LossRecord record) {
        byte[] line = (HistoryRow.encode(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            createParentDirectories();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                TornLastLine.repair(channel);
                channel.position(channel.size());
                AtomicFile.writeFully(channel, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to loss history " + file, e);
        }
    }

    /**
     * All rows in file order. A missing file in an existing directory is an empty history (the
     * run has not logged yet). A torn last line (no newline, not a whole record) is ignored; any
     * other line that is not a record is a {@link BadInputException} naming file and line.
     */
    public List<LossRecord> readAll() {
        String text = readText();
        List<LossRecord> records = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            boolean terminated = newline >= 0;
            int end = terminated ? newline : text.length();
            String line = text.substring(start, end);
            start = end + 1;
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(HistoryRow.decode(line));
            } catch (HistoryRow.Malformed e) {
                if (!terminated) {
                    break; // a crash mid-append: the row was never complete, so it never happened
                }
                throw new BadInputException(String.format(Locale.ROOT,
                        "loss history %s line %d is not a loss record (%s): fix or delete that line",
                        file, lineNumber, e.getMessage()));
            }
        }
        return records;
    }

    /**
     * Replaces the whole file by {@code content} (rows as {@link #append} writes them), atomically:
     * a crash leaves the old or the new history, never a half-written one. Resuming uses it to put
     * back the history stored in the checkpoint, dropping rows written after that checkpoint.
     */
    public void replaceWith(byte[] content) {
        try {
            AtomicFile.replace(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite loss history " + file, e);
        }
    }

    /** The file's bytes; empty if it does not exist yet. */
    public byte[] bytes() {
        return readText().getBytes(StandardCharsets.UTF_8);
    }

    private String readText() {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            requireDirectoryExists();
            return "";
        } catch (IOException e) {
            throw new BadInputException("cannot read loss history " + file + " ("
                    + OneLineReason.of(e) + "): check that it is a readable file", e);
        }
    }

    /**
     * A missing file in an existing run directory just means "nothing logged yet", but a missing
     * directory is almost always a mistyped path, and silently charting nothing would hide it.
     */
    private void requireDirectoryExists() {
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new BadInputException("run directory " + directory
                    + " does not exist: check the path (it is where training writes " + file.getFileName() + ")");
        }
    }

    private void createParentDirectories() throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
    }
}
