package dev.chargpt.train;

import dev.chargpt.AtomicFile;
import dev.chargpt.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The loss history of one run: {@code history.jsonl} in the run directory, JSON Lines, one
 * {@link LossRecord} per line:
 * <pre>{"step":5000,"epoch":3,"train_loss":1.2345,"val_loss":null,"lr":6.0E-4,"elapsed_s":812.5}</pre>
 * NaN ("not measured on this row") is written as {@code null}. Charts, {@code eval} and resume
 * read this file, never the loop's internals, so it is the contract between them.
 *
 * <p>Append-only while training, so a crash can at worst tear the last line; readers ignore a
 * torn last line and the next {@link #append} repairs it. A reader running while the loop appends
 * (a {@code chargpt chart} during training) sees a consistent prefix for the same reason.
 */
public final class LossHistory {

    private static final String FILE_NAME = "history.jsonl";

    private final Path file;

    /** The history file of the run directory {@code runDir}. */
    public static Path fileIn(Path runDir) {
        return runDir.resolve(FILE_NAME);
    }

    public LossHistory(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * Appends one row, creating the file (and its directory) if needed. The bytes go straight to
     * the operating system (a {@link FileChannel} has no buffer), so they survive a crash of the
     * JVM right after this returns.
     */
    public void append(LossRecord record) {
        byte[] line = (HistoryLine.encode(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            createParentDirectories();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                endWithCompleteLine(channel);
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
                records.add(HistoryLine.decode(line));
            } catch (MalformedLine e) {
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
     * Keeps only the rows with {@code step <= lastKeptStep}. Used when a run resumes from a
     * checkpoint older than the last rows, so the history never shows steps that the resumed run
     * will train again. The file is replaced atomically: a crash leaves the old or the new
     * history, never a half-written one. A missing file is left missing.
     */
    public void truncateAfterStep(long lastKeptStep) {
        if (Files.notExists(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (LossRecord record : readAll()) {
            if (record.step() <= lastKeptStep) {
                kept.append(HistoryLine.encode(record)).append('\n');
            }
        }
        replaceAtomically(kept.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces the whole file by {@code content} (rows as {@link #append} writes them), atomically.
     * Resuming uses it to put back the history stored in the checkpoint, dropping rows written
     * after that checkpoint.
     */
    public void replaceWith(byte[] content) {
        replaceAtomically(content);
    }

    /** The file's bytes; empty if it does not exist yet. */
    public byte[] bytes() {
        return readText().getBytes(StandardCharsets.UTF_8);
    }

    /** The lowest validation loss in the history, in nats per character; empty if none yet. */
    public OptionalDouble bestValidationLoss() {
        return readAll().stream()
                .mapToDouble(LossRecord::validationLoss)
                .filter(Double::isFinite)
                .min();
    }

    // ---- file plumbing ----------------------------------------------------------------------

    private String readText() {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            requireDirectoryExists();
            return "";
        } catch (IOException e) {
            throw new BadInputException("cannot read loss history " + file + " ("
                    + e.getClass().getSimpleName() + "): check that it is a readable file");
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

    /**
     * A crash in the middle of an append leaves a last line without its newline. Appending after
     * it would glue the next row onto the fragment and turn a harmless torn tail into a corrupt
     * middle line, so the fragment is dropped first (or, if it is a whole row, terminated).
     */
    private static void endWithCompleteLine(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || byteAt(channel, size - 1) == '\n') {
            return;
        }
        long lineStart = startOfLastLine(channel, size);
        if (size - lineStart <= HistoryLine.MAX_PLAUSIBLE_LENGTH
                && HistoryLine.isRecord(readString(channel, lineStart, size))) {
            channel.position(size);
            AtomicFile.writeFully(channel, new byte[] {'\n'});
        } else {
            channel.truncate(lineStart);
        }
    }

    private static long startOfLastLine(FileChannel channel, long size) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long end = size;
        while (end > 0) {
            long begin = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - begin));
            readFully(channel, chunk, begin);
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return begin + i + 1;
                }
            }
            end = begin;
        }
        return 0;
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        readFully(channel, one, position);
        return one.get(0);
    }

    private static String readString(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) (to - from));
        readFully(channel, bytes, from);
        return new String(bytes.array(), StandardCharsets.UTF_8);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int read = channel.read(into, position + into.position());
            if (read < 0) {
                throw new IOException("file shrank while reading it");
            }
        }
    }

    private void replaceAtomically(byte[] content) {
        try {
            AtomicFile.replace(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite loss history " + file, e);
        }
    }

    // ---- the line format --------------------------------------------------------------------

    /** Why one line is not a loss record; becomes part of a one-line {@link BadInputException}. */
    private static final class MalformedLine extends Exception {
        MalformedLine(String reason) {
            // The reason may quote text from the file; keep the final message on one line.
            super(reason.replaceAll("\\p{Cntrl}", "?"), null, false, false);
        }
    }

    /**
     * One line of the file: a flat JSON object whose values are numbers or null. Written by hand
     * so the history adds no dependency. Nothing here depends on the default locale:
     * {@link Double#toString} and {@link Double#parseDouble} always use '.' and round-trip every
     * double exactly.
     */
    private static final class HistoryLine {

        /** Real rows are about 100 characters; a longer torn tail cannot be a whole row. */
        static final int MAX_PLAUSIBLE_LENGTH = 64 * 1024;

        private static final List<String> KEYS =
                List.of("step", "epoch", "train_loss", "val_loss", "lr", "elapsed_s");
        private static final Pattern JSON_NUMBER =
                Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
        private static final Pattern JSON_INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");

        static String encode(LossRecord r) {
            return "{\"step\":" + r.step()
                    + ",\"epoch\":" + r.epoch()
                    + ",\"train_loss\":" + number(r.trainLoss())
                    + ",\"val_loss\":" + number(r.validationLoss())
                    + ",\"lr\":" + number(r.learningRate())
                    + ",\"elapsed_s\":" + number(r.elapsedSeconds())
                    + "}";
        }

        /**
         * JSON has no NaN or infinity. NaN means "not measured", which is what null says. A
         * diverged run's infinite loss must stay infinite, not turn into "not measured": 1e999 is
         * valid JSON that Java, Python and JavaScript all parse back as infinity.
         */
        private static String number(double value) {
            if (Double.isNaN(value)) {
                return "null";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "1e999" : "-1e999";
            }
            return Double.toString(value);
        }

        static boolean isRecord(String line) {
            try {
                decode(line);
                return true;
            } catch (MalformedLine e) {
                return false;
            }
        }

        static LossRecord decode(String line) throws MalformedLine {
            Map<String, String> fields = new FlatObjectParser(line).parse();
            for (String key : KEYS) {
                if (!fields.containsKey(key)) {
                    throw new MalformedLine("\"" + key + "\" is missing");
                }
            }
            // Keys beyond KEYS are ignored, so a newer chargpt can add a column without breaking
            // an older reader of the same run directory.
            long step = wholeNumber(fields, "step");
            long epoch = wholeNumber(fields, "epoch");
            if (epoch > Integer.MAX_VALUE) {
                throw new MalformedLine("\"epoch\" " + epoch + " is too large");
            }
            try {
                return new LossRecord(step, (int) epoch,
                        real(fields, "train_loss"), real(fields, "val_loss"),
                        real(fields, "lr"), real(fields, "elapsed_s"));
            } catch (IllegalArgumentException e) {
                throw new MalformedLine(e.getMessage());
            }
        }

        private static long wholeNumber(Map<String, String> fields, String key) throws MalformedLine {
            String value = fields.get(key);
            if (!JSON_INTEGER.matcher(value).matches()) {
                throw new MalformedLine("\"" + key + "\" must be a whole number, found " + value);
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new MalformedLine("\"" + key + "\" " + value + " is too large");
            }
        }

        private static double real(Map<String, String> fields, String key) {
            String value = fields.get(key);
            return value.equals("null") ? Double.NaN : Double.parseDouble(value);
        }
    }

    /**
     * Parses {@code {"key": scalar, ...}} where a scalar is a JSON number or null, into key ->
     * the scalar's text. Exactly what the history needs, and no more: no nesting, no strings as
     * values, no escapes in keys.
     */
    private static final class FlatObjectParser {
        private static final Pattern NUMBER = HistoryLine.JSON_NUMBER;

        private final String text;
        private int position;

        FlatObjectParser(String text) {
            this.text = text;
        }

        Map<String, String> parse() throws MalformedLine {
            Map<String, String> fields = new HashMap<>();
            expect('{');
            if (!lookingAt('}')) {
                do {
                    String key = key();
                    expect(':');
                    String value = scalar(key);
                    if (fields.put(key, value) != null) {
                        throw new MalformedLine("\"" + key + "\" appears twice");
                    }
                } while (consume(','));
            }
            expect('}');
            skipWhitespace();
            if (position < text.length()) {
                throw new MalformedLine("unexpected text after the closing brace at column " + column());
            }
            return fields;
        }

        private String key() throws MalformedLine {
            expect('"');
            int close = text.indexOf('"', position);
            if (close < 0) {
                throw new MalformedLine("unterminated key at column " + column());
            }
            String key = text.substring(position, close);
            if (key.indexOf('\\') >= 0) {
                throw new MalformedLine("escaped characters in key \"" + key + "\" are not supported");
            }
            position = close + 1;
            return key;
        }

        private String scalar(String key) throws MalformedLine {
            skipWhitespace();
            int start = position;
            while (position < text.length() && "+-.0123456789eEnul".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String value = text.substring(start, position);
            if (value.equals("null") || NUMBER.matcher(value).matches()) {
                return value;
            }
            throw new MalformedLine("\"" + key + "\" must be a number or null, at column " + (start + 1));
        }

        private void expect(char wanted) throws MalformedLine {
            if (!consume(wanted)) {
                throw new MalformedLine("expected '" + wanted + "' at column " + column());
            }
        }

        private boolean consume(char wanted) {
            if (lookingAt(wanted)) {
                position++;
                return true;
            }
            return false;
        }

        private boolean lookingAt(char wanted) {
            skipWhitespace();
            return position < text.length() && text.charAt(position) == wanted;
        }

        private void skipWhitespace() {
            // JSON whitespace; '\r' included so a file edited on Windows still reads
            while (position < text.length() && " \t\r".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        private int column() {
            return position + 1;
        }
    }
}
