package dev.chargpt.cli;

import dev.chargpt.fixture.PlainWords;
import dev.chargpt.ui.StatsFile;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training UI's bad input: one plain line and exit 2; a torn stats file never stops training. */
class UiCommandTest {

    @TempDir
    Path dir;

    @Test
    void aRunWithoutStatistics() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        UsageErrorTest.assertUsageErrorQuoting(new String[] {run.toAbsolutePath().toString()},
                CliRun.of("ui", "--model", run.toString()), "has no training statistics", "chargpt train --ui");
    }

    @Test
    void aStatsFileThatIsNotDl4jsOrIsTorn() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        Files.write(StatsFile.in(run), noise);
        UsageErrorTest.assertUsageErrorQuoting(new String[] {StatsFile.in(run).toAbsolutePath().toString()},
                CliRun.of("ui", "--model", run.toString()), "is not a readable DL4J stats file", "truncated");
    }

    @Test
    void anEmptyStatsFileHoldsNoSession() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.write(StatsFile.in(run), new byte[0]);
        UsageErrorTest.assertUsageErrorQuoting(new String[] {StatsFile.in(run).toAbsolutePath().toString()},
                CliRun.of("ui", "--model", run.toString()), "stats file");
    }

    @Test
    void uiSettingsWithoutUi() {
        UsageErrorTest.assertUsageError(CliRun.of("train", "--ui-port", "9001"), "add --ui");
    }

    @Test
    void aPortInUse() throws IOException {
        Path corpus = dir.resolve("small.txt");
        Files.writeString(corpus, "to be or not to be, that is the question. ".repeat(200), StandardCharsets.UTF_8);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("train", "--corpus", corpus.toString(), "--out", dir.resolve("run").toString(),
                    "--layers", "1", "--heads", "1", "--width", "16", "--block-size", "8", "--batch-size", "4",
                    "--max-steps", "1", "--sample-length", "0", "--ui", "--ui-port", String.valueOf(busy.getLocalPort()));
            assertEquals(2, run.exitCode(), run::toString);
            String line = run.singleErrorLine();
            assertTrue(line.contains("cannot start the training UI on 127.0.0.1:" + busy.getLocalPort()), line);
            assertTrue(line.contains("--ui-port"), line);
            PlainWords.assertPlain(line);
            assertFalse(run.err().contains("\tat "), run::toString);
        }
    }

    /** A torn file found when training starts (--resume after a kill) is moved aside, and training goes on. */
    @Test
    void aTornStatsFileNeverStopsTraining() throws IOException {
        Path file = StatsFile.in(Files.createDirectories(dir.resolve("run")));
        Files.write(file, "not a MapDB file".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        FileStatsStorage storage = StatsFile.forTraining(file, out::println);
        storage.close();
        String line = said.toString(StandardCharsets.UTF_8).trim();
        assertTrue(line.startsWith("warning: ") && line.contains("moved it to"), line);
        try (var aside = Files.list(file.getParent())) {
            assertEquals(1, aside.filter(p -> p.getFileName().toString().startsWith(StatsFile.NAME + ".unreadable-")).count());
        }
        assertTrue(Files.size(file) > 0, "a new stats file in its place");
    }
}
