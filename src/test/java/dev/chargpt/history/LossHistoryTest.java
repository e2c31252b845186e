package dev.chargpt.history;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossHistoryTest {

    @TempDir
    Path runDir;

    private static LossRecord step(long step, double trainLoss) {
        return new LossRecord(step, 0, trainLoss, Double.NaN, 6e-4, step * 0.25);
    }

    private LossHistory history() {
        return new LossHistory(historyFileIn(runDir));
    }

    private void appendRaw(String text) throws IOException {
        Files.writeString(historyFileIn(runDir), text, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void roundTripsEveryValueExactlyIncludingNaNAndInfinity() {
        List<LossRecord> written = List.of(
                new LossRecord(0, 0, 4.174387269895637, Double.NaN, 0.0, 0.0),
                new LossRecord(1, 0, 0.1 + 0.2, Double.NaN, 1e-7, Double.MIN_VALUE),
                new LossRecord(5000, 3, Double.NaN, 1.4697, Double.NaN, Double.NaN),
                new LossRecord(Long.MAX_VALUE, Integer.MAX_VALUE, Double.POSITIVE_INFINITY, -0.0,
                        Double.MAX_VALUE, Double.NEGATIVE_INFINITY));
        LossHistory history = history();
        written.forEach(history::append);

        // Record equality compares doubles bit for bit (NaN == NaN, -0.0 != 0.0).
        assertEquals(written, history.readAll());
    }

    @Test
    void writesOneJsonObjectPerLineWithNullForNaN() throws IOException {
        history().append(new LossRecord(5000, 3, Double.NaN, 1.4697, 6.0e-4, 812.5));

        assertEquals("{\"step\":5000,\"epoch\":3,\"train_loss\":null,\"val_loss\":1.4697,"
                        + "\"lr\":6.0E-4,\"elapsed_s\":812.5}\n",
                Files.readString(historyFileIn(runDir)));
    }

    @Test
    void writesTheSameBytesWhateverTheDefaultLocale() throws IOException {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma, '.' as grouping
            history().append(step(12345, 1.5));
        } finally {
            Locale.setDefault(before);
        }
        String line = Files.readString(historyFileIn(runDir));
        assertTrue(line.contains("\"step\":12345,") && line.contains("\"train_loss\":1.5,"), line);
    }

    @Test
    void readsJsonWithOtherSpacingKeyOrderAndExtraKeys() throws IOException {
        appendRaw("{ \"epoch\": 2, \"val_loss\": 1.5e0, \"step\": 7, \"train_loss\": null,"
                + " \"lr\": 0.001, \"elapsed_s\": 3, \"tokens\": 4096 }\r\n");

        assertEquals(List.of(new LossRecord(7, 2, Double.NaN, 1.5, 0.001, 3.0)), history().readAll());
    }

    @Test
    void appendCreatesTheFileAndItsDirectory() {
        Path nested = runDir.resolve("runs/first/" + "history.jsonl");
        new LossHistory(nested).append(step(1, 4.0));

        assertTrue(Files.isRegularFile(nested));
        assertEquals(List.of(step(1, 4.0)), new LossHistory(nested).readAll());
    }

    @Test
    void missingFileInAnExistingRunDirectoryIsAnEmptyHistory() {
        assertEquals(List.of(), history().readAll());
    }

    @Test
    void missingRunDirectoryIsBadInputNamingIt() {
        Path typo = runDir.resolve("no-such-run");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new LossHistory(historyFileIn(typo)).readAll());

        assertTrue(e.getMessage().contains(typo.toString()), e.getMessage());
    }

    @Test
    void ignoresAPartialLastLineLeftByACrash() throws IOException {
        LossHistory history = history();
        history.append(step(1, 4.1));
        history.append(step(2, 4.0));
        appendRaw("{\"step\":3,\"epoch\":0,\"train_lo");

        assertEquals(List.of(step(1, 4.1), step(2, 4.0)), history.readAll());
    }

    @Test
    void appendAfterACrashDropsThePartialLineInsteadOfGluingOntoIt() throws IOException {
        LossHistory history = history();
        history.append(step(1, 4.1));
        appendRaw("{\"step\":2,\"epo");
        history.append(step(2, 4.0));

        assertEquals(List.of(step(1, 4.1), step(2, 4.0)), history.readAll());
        assertEquals(2, Files.readAllLines(historyFileIn(runDir)).size());
    }

    @Test
    void appendKeepsAWholeLastRowThatOnlyLacksItsNewline() throws IOException {
        appendRaw("{\"step\":1,\"epoch\":0,\"train_loss\":4.1,\"val_loss\":null,\"lr\":6.0E-4,\"elapsed_s\":0.25}");
        history().append(step(2, 4.0));

        assertEquals(List.of(step(1, 4.1), step(2, 4.0)), history().readAll());
    }

    @Test
    void malformedMiddleLineIsBadInputNamingFileAndLineNumber() throws IOException {
        LossHistory history = history();
        history.append(step(1, 4.1));
        appendRaw("{\"step\":2,\"epoch\":0,\"train_loss\":\"high\",\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}\n");
        history.append(step(3, 3.9));

        BadInputException e = assertThrows(BadInputException.class, history::readAll);

        assertTrue(e.getMessage().contains(historyFileIn(runDir).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("train_loss"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void malformedLastLineThatEndsWithANewlineIsNotACrashButAnError() throws IOException {
        history().append(step(1, 4.1));
        appendRaw("{\"step\":2}\n"); // complete, so written on purpose, yet missing five fields

        BadInputException e = assertThrows(BadInputException.class, history()::readAll);
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    /** The history file of a run directory, as RunDirectory.history() names it. */
    private static Path historyFileIn(Path runDir) {
        return runDir.resolve("history.jsonl");
    }
}
