package dev.chargpt.cli;

import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartCommandTest {

    @TempDir
    Path dir;

    @Test
    void rendersTheRunsHistoryToAPng() throws IOException {
        Path run = Files.createDirectory(dir.resolve("my-run"));
        LossHistory history = new LossHistory(new RunDirectory(run).history());
        for (int step = 1; step <= 40; step++) {
            history.append(new LossRecord(step, 0, 4.2 - step * 0.05, Double.NaN, 1e-3, step));
        }
        history.append(new LossRecord(40, 0, Double.NaN, 2.25, 1e-3, 40));
        Path png = dir.resolve("out/loss.png");

        CliRun result = CliRun.of("chart", "--model", run.toString(), "--out", png.toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.err());
        assertTrue(result.out().startsWith("wrote " + png.toAbsolutePath() + " (41 rows up to step 40, best validation loss 2.2500 nats)"),
                result::toString);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG");
        assertEquals(1000, image.getWidth());
        assertEquals(600, image.getHeight());
    }

    @Test
    void aRunWithoutHistoryIsBadInput() throws IOException {
        Path run = Files.createDirectory(dir.resolve("fresh-run"));
        Path png = dir.resolve("loss.png");

        UsageErrorTest.assertUsageError(CliRun.of("chart", "--model", run.toString(), "--out", png.toString()),
                "no loss history to chart: " + new RunDirectory(run).history().toAbsolutePath(), "train first");
        assertTrue(Files.notExists(png));

        Files.createFile(new RunDirectory(run).history());
        UsageErrorTest.assertUsageError(CliRun.of("chart", "--model", run.toString(), "--out", png.toString()),
                "is missing or empty");
    }

    @Test
    void aCorruptHistoryLineIsBadInput() throws IOException {
        Path run = Files.createDirectory(dir.resolve("torn-run"));
        Files.writeString(new RunDirectory(run).history(), "not json\n{\"step\":1}\n");

        UsageErrorTest.assertUsageError(CliRun.of("chart", "--model", run.toString(), "--out", dir.resolve("x.png").toString()),
                "line 1 is not a loss record");
    }

    @Test
    void anUnwritableOutputIsOneLineWithExitOne() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        new LossHistory(new RunDirectory(run).history()).append(new LossRecord(1, 0, 4.0, Double.NaN, 1e-3, 1));
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a directory should be");

        CliRun result = CliRun.of("chart", "--model", run.toString(), "--out", blocker.resolve("loss.png").toString());

        assertEquals(1, result.exitCode(), result::toString);
        String line = result.singleErrorLine();
        assertTrue(line.startsWith("chargpt: cannot write chart " + blocker.resolve("loss.png")), line);
        assertTrue(line.contains("check that the path exists, is writable"), line);
    }
}
