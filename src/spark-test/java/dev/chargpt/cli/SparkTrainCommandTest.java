package dev.chargpt.cli;

import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chargpt train --spark local[2]} as a user runs it, in both modes (parameter averaging and
 * gradient sharing): a tiny model trains on Spark, its loss goes down, and the run directory serves
 * {@code sample}, {@code eval} and {@code --resume} (on Spark and without it) like any other.
 */
@Tag("spark")
class SparkTrainCommandTest {
    @TempDir
    static Path dir;
    private static Path corpus;

    @BeforeAll
    static void smallCorpus() throws IOException {
        String text = Files.readString(Path.of(System.getProperty("chargpt.sharedData", "../shared/data"), "tinyshakespeare.txt"),
                StandardCharsets.UTF_8);
        corpus = dir.resolve("small.txt");
        Files.writeString(corpus, text.substring(0, 60_000), StandardCharsets.UTF_8);
    }

    /** A tiny model's run: 1 layer of width 32, 4 windows of 16 per worker, so each Spark call is quick. */
    static String[] tinyRun(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus", corpus.toString(), "--out", out.toString(),
                "--charts-dir", dir.resolve("charts").toString(), "--layers", "1", "--heads", "2", "--width", "32",
                "--block-size", "16", "--batch-size", "4", "--sample-length", "40"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"averaging", "sharing"})
    void aTinyModelLearnsOnSparkAndItsRunServesTheOtherCommands(String mode) {
        Path out = dir.resolve("run-" + mode);
        // the preset's learning rate; 300 steps are 6 Spark calls, so gradient sharing's JVM-wide state
        // is reset and rebuilt between calls several times (its third call once deadlocked)
        CliRun train = CliRun.of(tinyRun(out, "--spark", "local[2]", "--spark-mode", mode, "--max-steps", "300"));
        assertEquals(0, train.exitCode(), train::toString);
        assertTrue(train.out().contains("cluster: Spark 3.5"), train::toString);
        assertTrue(train.out().contains("on Spark: 2 workers, each with 4 of the step's windows"), train::toString);

        List<LossRecord> rows = new LossHistory(out.resolve("history.jsonl")).readAll();
        List<LossRecord> training = rows.stream().filter(r -> !Double.isNaN(r.trainLoss())).toList();
        assertEquals(List.of(50L, 100L, 150L, 200L, 250L, 300L), training.stream().map(LossRecord::step).toList(),
                "one row per Spark call of 50 steps");
        double first = training.get(0).trainLoss();
        double last = training.get(training.size() - 1).trainLoss();
        assertTrue(last < first - 0.1, "training loss " + first + " -> " + last);
        // uniform guessing over the vocabulary is ln 59 = 4.08 nats; character frequencies alone about 3.3
        double validation = rows.get(rows.size() - 1).validationLoss();
        assertTrue(validation < 3.0, "validation loss " + validation + " after 300 steps");

        CliRun sample = CliRun.of("sample", "--model", out.toString(), "--length", "30", "--prompt", "ROMEO:");
        assertEquals(0, sample.exitCode(), sample::toString);
        assertTrue(sample.out().contains("ROMEO:"), sample::toString);
        CliRun eval = CliRun.of("eval", "--model", out.toString(), "--text", corpus.toString());
        assertEquals(0, eval.exitCode(), eval::toString);
        assertTrue(eval.out().contains("nats"), eval::toString);
    }

    @Test
    void aSparkRunResumesOnSparkAndWithoutIt() {
        Path out = dir.resolve("resumed");
        assertEquals(0, CliRun.of(tinyRun(out, "--spark", "local[2]", "--max-steps", "50")).exitCode());
        CliRun onSpark = CliRun.of(tinyRun(out, "--resume", "--spark", "local[2]", "--max-steps", "100"));
        assertEquals(0, onSpark.exitCode(), onSpark::toString);
        // Without Spark, two --workers take its place: the step's batch (2 x 4 windows) stays the run's.
        CliRun here = CliRun.of(tinyRun(out, "--resume", "--workers", "2", "--max-steps", "150"));
        assertEquals(0, here.exitCode(), here::toString);
        List<Long> steps = new LossHistory(out.resolve("history.jsonl")).readAll().stream()
                .filter(r -> !Double.isNaN(r.trainLoss())).map(LossRecord::step).toList();
        assertEquals(50L, steps.get(0));
        assertEquals(100L, steps.get(1));
        assertEquals(150L, steps.get(steps.size() - 1), "the run continued to step 150: " + steps);
    }

    @Test
    void aRunThatCannotLearnIsRefused() {
        Path out = dir.resolve("frozen");
        // AdamW's steps of at most 1e-30 vanish in float weights: nothing can change
        CliRun frozen = CliRun.of(tinyRun(out, "--spark", "local[2]", "--learning-rate", "1e-30", "--max-steps", "100"));
        assertEquals(2, frozen.exitCode(), frozen::toString);
        String line = frozen.singleErrorLine();
        assertTrue(line.contains("Spark trained nothing in steps 1-50: the weights did not change"), line);
    }

    @Test
    void anUnreachableMasterIsOneLine() {
        UsageErrorTest.assertUsageErrorQuoting(new String[]{"spark://127.0.0.1:1"},
                CliRun.of(tinyRun(dir.resolve("nowhere"), "--spark", "spark://127.0.0.1:1")),
                "cannot reach the Spark master at spark://127.0.0.1:1", "scripts/spark-local-cluster.sh start");
    }
}
