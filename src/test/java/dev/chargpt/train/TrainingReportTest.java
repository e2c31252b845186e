package dev.chargpt.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The run's last lines name only what exists. */
class TrainingReportTest {
    @TempDir
    Path dir;

    private String done(double best, long step) {
        return done(best, false, best, step);
    }

    private String done(double best, boolean estimated, double last, long step) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TrainingReport(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Enum::name)
                .done(best, estimated, last, step, 75, dir.resolve("latest.zip"), dir.resolve("best.zip"), dir.resolve("loss.png"));
        return bytes.toString(StandardCharsets.UTF_8).replace(dir.toString(), "RUN");
    }

    @Test
    void aRunWithEverythingNamesItAll() throws IOException {
        Files.createFile(dir.resolve("latest.zip"));
        Files.createFile(dir.resolve("best.zip"));
        Files.createFile(dir.resolve("loss.png"));
        assertEquals(String.join(System.lineSeparator(),
                "done: best validation loss 1.6433 nats/char (2.371 bits/char), 2,940 steps in 1m15s",
                "checkpoints: RUN/latest.zip (latest), RUN/best.zip (best)",
                "chart: RUN/loss.png", ""), done(1.6433, 2940));
    }

    @Test
    void aBestThatAMidRunPointEstimatedSaysSoBesideTheWholeSplitsLossAtTheEnd() throws IOException {
        Files.createFile(dir.resolve("latest.zip"));
        Files.createFile(dir.resolve("best.zip"));
        assertEquals(String.join(System.lineSeparator(),
                "done: best validation loss 1.6428 nats/char (2.370 bits/char) estimated at a mid-run point,"
                        + " 1.6433 on the whole split at the end, 2,940 steps in 1m15s",
                "checkpoints: RUN/latest.zip (latest), RUN/best.zip (best)", ""), done(1.6428, true, 1.6433, 2940));
    }

    @Test
    void aRunBeforeItsFirstValidationSaysSoAndNamesOnlyWhatExists() throws IOException {
        Files.createFile(dir.resolve("latest.zip"));
        assertEquals(String.join(System.lineSeparator(),
                "done: no validation loss yet, 1 step in 1m15s",
                "checkpoints: RUN/latest.zip (latest)", ""), done(Double.NaN, 1));
        Files.delete(dir.resolve("latest.zip"));
        assertEquals("done: no validation loss yet, 0 steps in 1m15s" + System.lineSeparator(), done(Double.NaN, 0));
    }
}
