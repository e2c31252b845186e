package dev.chargpt.train;

import dev.chargpt.checkpoint.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each epoch's sample is kept in the run's samples.txt, and a resumed run does not write one twice. */
class SampleLogTest {
    @TempDir
    Path work;

    private TrainSettings sampling(TrainSettings s) {
        return new TrainSettings(s.corpus(), s.preset(), s.overrides(), s.maxSteps(), s.seed(), s.resume(), s.out(), 30,
                s.evalEvery(), s.workers(), s.dataDir(), s.modelsDir(), s.chartsDir());
    }

    @Test
    void everyEpochsSampleIsInTheRunAndAResumeAppendsWithoutRepeating() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        TrainingSummary straight = SmallRuns.train(sampling(SmallRuns.settings(corpus, work.resolve("straight"), work, 2, null, false)));
        String samples = Files.readString(new RunDirectory(work.resolve("straight")).samples(), StandardCharsets.UTF_8);
        assertEquals(2, samples.split("(?m)^=== epoch ", -1).length - 1, samples);
        assertTrue(samples.startsWith("=== epoch 1 of 2, step " + straight.steps() / 2 + ", validation loss "), samples);
        assertTrue(samples.contains("=== epoch 2 of 2, step " + straight.steps() + ", validation loss "), samples);

        Path split = work.resolve("split");
        SmallRuns.train(sampling(SmallRuns.settings(corpus, split, work, 2, straight.steps() / 2, false)));
        // as if a sample had been written after the checkpoint the run resumes from, and then the run died
        Files.writeString(new RunDirectory(split).samples(), "=== epoch 2 of 2, step 999, validation loss 1.0 nats/char, seed 1 ===\nlost\n\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        SmallRuns.train(sampling(SmallRuns.settings(corpus, split, work, 2, null, true)));
        assertEquals(samples, Files.readString(new RunDirectory(split).samples(), StandardCharsets.UTF_8));
    }
}
