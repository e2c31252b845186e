package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Overrides;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stop on request (Ctrl-C, SIGTERM) saves the work, and resuming from it is the uninterrupted run. */
class StopTest {
    private static final StopRequest.Signal CTRL_C = new StopRequest.Signal("Ctrl-C (SIGINT)", 130);

    @TempDir
    Path work;

    /** Asks to stop once the loop has looked {@code looks} times (it looks once after each step). */
    private static StopRequest after(int looks) {
        int[] seen = {0};
        return () -> ++seen[0] >= looks ? CTRL_C : null;
    }

    @Test
    void aStopMidEpochSavesThatStepAndResumingGivesTheStraightRun() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false));
        Path stopped = work.resolve("stopped");

        TrainingStopped e = assertThrows(TrainingStopped.class, () -> SmallRuns.train(
                SmallRuns.settings(corpus, stopped, work, 2, null, false), quiet(), after(30)));
        assertEquals(130, e.exitCode());
        assertTrue(e.getMessage().startsWith("Ctrl-C (SIGINT): stopped at step 30 (epoch 1, batch 30) and saved "), e.getMessage());
        assertTrue(e.template().endsWith("continue with: chargpt train {resume} {runDirectory} " + stopped), e.template());
        Checkpoint saved = CheckpointFile.read(new RunDirectory(stopped).latest());
        assertEquals(30, saved.state().step());
        assertEquals(30, saved.state().position());
        assertFalse(saved.state().epochFinished());

        SmallRuns.train(SmallRuns.settings(corpus, stopped, work, 2, null, true));
        ResumeTest.assertSameRun(work.resolve("straight"), stopped);
    }

    @Test
    void aStopDuringAnEpochsLastStepSavesTheEpochEndAndResumesAfterIt() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false));
        int stepsPerEpoch = (int) CheckpointFile.read(new RunDirectory(work.resolve("straight")).latest()).state().step() / 2;
        Path stopped = work.resolve("stopped");

        // The loop looks after each step but the epoch's last, then once after the epoch's end.
        TrainingStopped e = assertThrows(TrainingStopped.class, () -> SmallRuns.train(
                SmallRuns.settings(corpus, stopped, work, 2, null, false), quiet(), after(stepsPerEpoch)));
        Checkpoint saved = CheckpointFile.read(new RunDirectory(stopped).latest());
        assertEquals(stepsPerEpoch, saved.state().step());
        assertTrue(saved.state().epochFinished(), "validated and saved as the epoch's end");
        assertTrue(e.getMessage().contains("(epoch 2, batch 0)"), e.getMessage());

        SmallRuns.train(SmallRuns.settings(corpus, stopped, work, 2, null, true));
        ResumeTest.assertSameRun(work.resolve("straight"), stopped);
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainOnResume() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 1, null, false));
        Path killed = work.resolve("killed");
        StopRequest killAfterTheFirstStep = () -> {
            throw new IllegalStateException("killed");
        };
        assertThrows(IllegalStateException.class, () -> SmallRuns.train(
                SmallRuns.settings(corpus, killed, work, 1, null, false), quiet(), killAfterTheFirstStep));
        RunDirectory directory = new RunDirectory(killed);
        assertFalse(directory.holdsRun());
        assertTrue(directory.hasConfig());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SmallRuns.train(SmallRuns.settings(corpus, killed, work, 1, null, true), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith(killed + " has no checkpoint yet"), printed.toString());
        ResumeTest.assertSameRun(work.resolve("straight"), killed);
    }

    @Test
    void startingAgainRefusesOptionsThatDisagreeWithTheRun() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Path killed = work.resolve("killed");
        assertThrows(IllegalStateException.class, () -> SmallRuns.train(SmallRuns.settings(corpus, killed, work, 1, null, false),
                quiet(), () -> {
                    throw new IllegalStateException("killed");
                }));
        TrainSettings other = SmallRuns.settings(corpus, killed, work, 1, null, true);
        Overrides o = other.overrides();
        TrainSettings wider = new TrainSettings(other.corpus(), other.preset(), new Overrides(o.layers(), o.heads(), 64,
                o.blockSize(), o.dropout(), o.batchSize(), o.learningRate(), o.minLearningRate(), o.warmupSteps(), o.weightDecay(),
                o.gradClip(), o.epochs()), other.maxSteps(), other.seed(), true, killed, 0, 0, 1, other.dataDir(), other.modelsDir(),
                other.chartsDir());
        BadInputException e = assertThrows(BadInputException.class, () -> SmallRuns.train(wider));
        assertTrue(e.getMessage().startsWith("width 64 differs from the run's 32"), e.getMessage());
        assertFalse(Files.exists(new RunDirectory(killed).latest()));
    }

    @Test
    void onTwoWorkersAStopAndResumeGiveTheStraightRunAndAnotherWorkerCountContinues() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false, 0, 2));
        Path stopped = work.resolve("stopped");
        assertThrows(TrainingStopped.class, () -> SmallRuns.train(
                SmallRuns.settings(corpus, stopped, work, 2, null, false, 0, 2), quiet(), after(30)));
        SmallRuns.train(SmallRuns.settings(corpus, stopped, work, 2, null, true, 0, 2));
        ResumeTest.assertSameRun(work.resolve("straight"), stopped);

        // one worker from the same checkpoint, on the run's step of 16 windows: the same data position and
        // state, sums in another order; a batch size that would change the step is refused
        Path other = work.resolve("other");
        assertThrows(TrainingStopped.class, () -> SmallRuns.train(
                SmallRuns.settings(corpus, other, work, 2, null, false, 0, 2), quiet(), after(30)));
        BadInputException smallerStep = assertThrows(BadInputException.class,
                () -> SmallRuns.train(SmallRuns.settings(corpus, other, work, 2, null, true, 0, 1)));
        assertTrue(smallerStep.getMessage().startsWith("batchSize 8 on 1 worker makes a step of 8 windows, but the run's steps have 16"),
                smallerStep.getMessage());
        TrainingSummary resumed = SmallRuns.train(SmallRuns.resumeOn(corpus, other, work, 2, 1));
        Checkpoint straight = CheckpointFile.read(new RunDirectory(work.resolve("straight")).latest());
        assertEquals(straight.state().step(), resumed.steps());
        assertEquals(straight.state().lastValidationLoss(), resumed.lastValidationLoss(), 1e-3,
                "the same run to float rounding");
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
