package dev.chargpt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.chargpt.cli.UsageErrorTest.assertUsageError;
import static dev.chargpt.cli.UsageErrorTest.assertUsageErrorQuoting;

/**
 * {@code --spark} in the default build: what it refuses before anything starts, and the one line
 * that sends the user to the Spark build, which has the Spark classes this jar leaves out.
 */
class SparkOptionsTest {
    @TempDir
    Path dir;

    private String corpus() throws IOException {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "to be or not to be, that is the question. ".repeat(200));
        return text.toString();
    }

    @Test
    void theDefaultBuildHasNoSparkAndSaysWhereItIs() throws IOException {
        assertUsageErrorQuoting(new String[]{"local[2]"}, CliRun.of("train", "--corpus", corpus(), "--out", dir.resolve("run").toString(),
                        "--spark", "local[2]"),
                "this chargpt has no Spark in it", "scripts/chargpt-spark train --spark local[2]", "chargpt-spark.jar");
    }

    @Test
    void sparkAndWorkersBothSayWhoTrains() throws IOException {
        assertUsageError(CliRun.of("train", "--corpus", corpus(), "--spark", "local[2]", "--workers", "2"),
                "--workers and --spark both say who trains", "drop --workers");
    }

    @Test
    void aSparkModeNeedsSpark() throws IOException {
        assertUsageError(CliRun.of("train", "--corpus", corpus(), "--spark-mode", "sharing"),
                "--spark-mode says how Spark trains", "add --spark MASTER");
    }

    @Test
    void anUnknownModeIsNamed() throws IOException {
        assertUsageErrorQuoting(new String[]{"gossip"}, CliRun.of("train", "--corpus", corpus(), "--spark", "local[2]",
                "--spark-mode", "gossip"), "--spark-mode gossip is not a mode", "averaging or sharing");
    }

    @Test
    void aBlankMasterIsRefused() throws IOException {
        assertUsageError(CliRun.of("train", "--corpus", corpus(), "--spark", " "), "--spark needs a master");
    }

    @Test
    void theUiDoesNotWatchSparkRuns() throws IOException {
        assertUsageError(CliRun.of("train", "--corpus", corpus(), "--spark", "local[2]", "--ui"),
                "--ui does not watch Spark runs");
    }
}
