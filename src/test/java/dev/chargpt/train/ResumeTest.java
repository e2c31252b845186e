package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resumed run continues as if it had never stopped: same weights, same Adam state, same losses,
 * bit for bit on CPU. Dropout is on (0.1) so the dropout masks' derivation from the step is covered.
 */
class ResumeTest {
    @TempDir
    Path work;

    @Test
    void oneEpochThenResumeEqualsTwoEpochsStraight() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        TrainingSummary straight = SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false));
        long perEpoch = straight.steps() / 2;

        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("split"), work, 2, perEpoch, false));
        Checkpoint halfway = CheckpointFile.read(new RunDirectory(work.resolve("split")).latest());
        assertEquals(perEpoch, halfway.state().step());
        assertTrue(halfway.state().epochFinished(), "stopping at the end of epoch 1 finishes it");
        TrainingSummary resumed = SmallRuns.train(SmallRuns.settings(corpus, work.resolve("split"), work, 2, null, true));

        assertEquals(straight.steps(), resumed.steps());
        assertSameRun(work.resolve("straight"), work.resolve("split"));
    }

    /** The recipe's options: the wsd schedule and an average of the weights, whose state the checkpoint carries. */
    @Test
    void withTheWsdScheduleAndAnAverageOfTheWeightsAMidEpochStopThenResumeEqualsTheStraightRun() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        TrainingSummary straight = SmallRuns.train(SmallRuns.withRecipe(SmallRuns.settings(corpus, work.resolve("straight"), work, 2,
                null, false, 30)));
        long stopAt = straight.steps() / 2 + 17;
        SmallRuns.train(SmallRuns.withRecipe(SmallRuns.settings(corpus, work.resolve("split"), work, 2, stopAt, false, 30)));
        SmallRuns.train(SmallRuns.withRecipe(SmallRuns.settings(corpus, work.resolve("split"), work, 2, null, true, 30)));

        assertSameRun(work.resolve("straight"), work.resolve("split"));
        Checkpoint expected = CheckpointFile.read(new RunDirectory(work.resolve("straight")).latest());
        Checkpoint actual = CheckpointFile.read(new RunDirectory(work.resolve("split")).latest());
        assertArrayEquals(vector(expected.average()), vector(actual.average()), "the average of the weights");
        assertFalse(java.util.Arrays.equals(vector(expected.average()), vector(expected.network().params())),
                "the average is not the weights");
        // best.zip holds the average, which its validation measured and sample uses
        Checkpoint best = CheckpointFile.read(new RunDirectory(work.resolve("straight")).best());
        assertArrayEquals(vector(best.average()), vector(best.networkForUse().params()));
    }

    @Test
    void midEpochStopThenResumeEqualsStraightRun() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        TrainingSummary straight = SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false));
        long stopAt = straight.steps() / 2 + 17;

        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("split"), work, 2, stopAt, false));
        Checkpoint stopped = CheckpointFile.read(new RunDirectory(work.resolve("split")).latest());
        assertEquals(stopAt, stopped.state().step());
        assertEquals(1, stopped.state().epoch());
        assertEquals(17, stopped.state().position());
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("split"), work, 2, null, true));

        assertSameRun(work.resolve("straight"), work.resolve("split"));
    }

    @Test
    void validatingEveryNStepsChangesNothingInTrainingAndKeepsTheBestCheckpoint() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        TrainingSummary straight = SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false));
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("often"), work, 2, null, false, 20));
        assertSameRun(work.resolve("straight"), work.resolve("often"));

        long perEpoch = straight.steps() / 2;
        List<LossRecord> validations = new LossHistory(new RunDirectory(work.resolve("often")).history()).readAll().stream()
                .filter(r -> !Double.isNaN(r.validationLoss())).toList();
        List<Long> expectedSteps = new java.util.ArrayList<>();
        for (long step = 20; step < straight.steps(); step += 20) {
            // not at an epoch's end, which validates anyway, nor within half an interval after it
            if (step != perEpoch && !(step > perEpoch && step - perEpoch < 10)) {
                expectedSteps.add(step);
            }
        }
        expectedSteps.add(perEpoch);
        expectedSteps.add(straight.steps());
        expectedSteps.sort(Long::compare);
        assertEquals(expectedSteps, validations.stream().map(LossRecord::step).toList(),
                "validated every 20 steps and at epoch ends, but not again right after an epoch's end");

        LossRecord lowest = validations.stream().min(java.util.Comparator.comparingDouble(LossRecord::validationLoss)).orElseThrow();
        Checkpoint best = CheckpointFile.read(new RunDirectory(work.resolve("often")).best());
        assertEquals(lowest.step(), best.state().step(), "best.zip is the checkpoint of the lowest validation loss");
        assertEquals(lowest.validationLoss(), best.state().bestValidationLoss(), 0.0);
    }

    /** As if the run had been killed right after the validation at step 80 (mid-epoch 2). */
    @Test
    void resumingFromAnIntermediateValidationCheckpointEqualsTheStraightRun() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false));
        Path split = work.resolve("split");
        Path savedAt80 = work.resolve("latest-at-80.zip");
        // The loop prints its line after the checkpoint is written: keep latest.zip as it is then.
        OutputStream watcher = new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) throws java.io.IOException {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                if (line.toString(StandardCharsets.UTF_8).startsWith("step 80: validation loss")) {
                    Files.copy(new RunDirectory(split).latest(), savedAt80);
                }
                line.reset();
            }
        };
        SmallRuns.train(SmallRuns.settings(corpus, split, work, 2, null, false, 20), new PrintStream(watcher, true, StandardCharsets.UTF_8));
        assertEquals(80, CheckpointFile.read(savedAt80).state().step());
        Files.copy(savedAt80, new RunDirectory(split).latest(), StandardCopyOption.REPLACE_EXISTING);

        SmallRuns.train(SmallRuns.settings(corpus, split, work, 2, null, true, 20));
        assertSameRun(work.resolve("straight"), split);
    }

    static void assertSameRun(Path expectedDir, Path actualDir) {
        Checkpoint expected = CheckpointFile.read(new RunDirectory(expectedDir).latest());
        Checkpoint actual = CheckpointFile.read(new RunDirectory(actualDir).latest());
        assertArrayEquals(vector(expected.network().params()), vector(actual.network().params()), "weights");
        assertArrayEquals(vector(expected.network().getUpdater().getStateViewArray()),
                vector(actual.network().getUpdater().getStateViewArray()), "Adam state");
        assertEquals(expected.network().getIterationCount(), actual.network().getIterationCount());
        assertEquals(expected.state().bestValidationLoss(), actual.state().bestValidationLoss(), 0.0);
        assertEquals(expected.state().lastValidationLoss(), actual.state().lastValidationLoss(), 0.0);

        List<LossRecord> expectedRows = new LossHistory(new RunDirectory(expectedDir).history()).readAll();
        List<LossRecord> actualRows = new LossHistory(new RunDirectory(actualDir).history()).readAll();
        assertEquals(trainLosses(expectedRows), trainLosses(actualRows), "training loss at every step");
        assertEquals(epochEndValidation(expectedRows, expected.state().step()), epochEndValidation(actualRows, actual.state().step()));
    }

    private static List<Double> trainLosses(List<LossRecord> rows) {
        return rows.stream().filter(r -> !Double.isNaN(r.trainLoss())).map(LossRecord::trainLoss).toList();
    }

    private static List<Double> epochEndValidation(List<LossRecord> rows, long lastStep) {
        // The split run also validated where it stopped; compare the rows at epoch ends only.
        return rows.stream().filter(r -> !Double.isNaN(r.validationLoss()))
                .filter(r -> r.step() == lastStep || r.step() == lastStep / 2).map(LossRecord::validationLoss).toList();
    }

    private static double[] vector(INDArray array) {
        return array.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    }

    @Test
    void resumeWithoutACheckpointSaysSo() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Files.createDirectories(work.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SmallRuns.train(SmallRuns.settings(corpus, work.resolve("empty"), work, 1, null, true)));
        assertTrue(e.getMessage().contains("no checkpoint"), e.getMessage());
    }
}
