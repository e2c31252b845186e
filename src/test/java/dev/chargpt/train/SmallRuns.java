package dev.chargpt.train;

import dev.chargpt.Setting;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.FullWindowModel;
import dev.chargpt.decoder.KvCacheModel;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.config.ScheduleShape;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tiny training runs on the first characters of tiny Shakespeare, for the loop and resume tests. */
final class SmallRuns {
    static final int CHARACTERS = 8_000;

    private SmallRuns() {
    }

    /** The first {@link #CHARACTERS} characters of tiny Shakespeare as a corpus file in {@code dir}. */
    static Path corpus(Path dir) throws IOException {
        Path shared = Path.of(System.getProperty("chargpt.sharedData", "../shared/data")).resolve("tinyshakespeare.txt");
        String text = Files.readString(shared, StandardCharsets.UTF_8).substring(0, CHARACTERS);
        Path file = dir.resolve("small.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** 2 layers x 2 heads x 32, block 16, batch 8: about 56 steps per epoch of the small corpus. */
    static TrainSettings settings(Path corpus, Path runDir, Path work, int epochs, Long maxSteps, boolean resume) {
        return settings(corpus, runDir, work, epochs, maxSteps, resume, 0);
    }

    static TrainSettings settings(Path corpus, Path runDir, Path work, int epochs, Long maxSteps, boolean resume, int evalEvery) {
        return settings(corpus, runDir, work, epochs, maxSteps, resume, evalEvery, 1);
    }

    /**
     * As above on {@code workers} workers, each with the batch of 8 (a step of 8 x workers windows;
     * dropout 0.1, so the workers' masks are tested too).
     */
    static TrainSettings settings(Path corpus, Path runDir, Path work, int epochs, Long maxSteps, boolean resume, int evalEvery,
                                  int workers) {
        return new TrainSettings(corpus.toString(), Preset.CPU_SMALL, new Overrides(2, 2, 32, 16, 0.1, 8, 3e-3, 3e-4, 10, 0.1, 1.0, epochs),
                maxSteps, 7L, resume, runDir, 0, evalEvery, workers, work.resolve("data"), work.resolve("models"), work.resolve("charts"));
    }

    /** {@code settings} with other overrides, everything else the same. */
    static TrainSettings withOverrides(TrainSettings s, Overrides chosen) {
        return new TrainSettings(s.corpus(), s.preset(), chosen, s.maxSteps(), s.seed(), s.resume(), s.out(), s.sampleLength(),
                s.evalEvery(), s.workers(), s.dataDir(), s.modelsDir(), s.chartsDir());
    }

    /**
     * Fine-tunes the best checkpoint of {@code source} for one step into {@code work/<name>}, naming
     * no shape option (the model's shape and settings come from the source), and reads the result.
     */
    static Checkpoint fineTuned(Path corpus, Path work, Path source, String name) {
        TrainSettings fresh = settings(corpus, work.resolve(name), work, 1, 1L, false);
        Overrides o = fresh.overrides();
        Overrides noShape = new Overrides(null, null, null, null, o.dropout(), o.batchSize(), null, null, o.warmupSteps(),
                o.weightDecay(), o.gradClip(), o.epochs());
        train(new TrainSettings(fresh.corpus(), fresh.preset(), noShape, 1L, fresh.seed(), false, fresh.out(), 0, 0, 1,
                fresh.dataDir(), fresh.modelsDir(), fresh.chartsDir(), false, new RunDirectory(source).best()));
        return CheckpointFile.read(new RunDirectory(work.resolve(name)).latest());
    }

    /** The cached decoder (sample, serve, attention pictures) computes what the full window computes on this checkpoint. */
    static void assertDecoderAgrees(Checkpoint checkpoint) {
        int[] prompt = {checkpoint.vocabulary().idOf('e'), checkpoint.vocabulary().idOf(' '), checkpoint.vocabulary().idOf('t')};
        MultiLayerNetwork network = checkpoint.networkForUse();
        double[] full = new FullWindowModel(network, checkpoint.config().model(), ContextPolicy.EXACT).start(prompt);
        double[] cached = new KvCacheModel(network, checkpoint.config().model(), ContextPolicy.EXACT).start(prompt);
        for (int id = 0; id < full.length; id++) {
            assertEquals(full[id], cached[id], 1e-4, "logit " + id);
        }
    }

    /** {@code settings} with the recipe's options: the wsd schedule (cooldown 0.4, to 0) and an average of the weights (0.9). */
    static TrainSettings withRecipe(TrainSettings settings) {
        Overrides o = settings.overrides();
        Overrides recipe = new Overrides(o.layers(), o.heads(), o.width(), o.blockSize(), o.dropout(), o.batchSize(), o.learningRate(),
                0.0, o.warmupSteps(), o.weightDecay(), o.gradClip(), o.epochs(), 0.85, 0.95, ScheduleShape.WSD, 0.4, 0.9);
        return withOverrides(settings, recipe);
    }

    /**
     * A resume of a run in {@code runDir} on {@code workers} workers that names no batch size: the
     * run's step batch, shared out among them.
     */
    static TrainSettings resumeOn(Path corpus, Path runDir, Path work, int epochs, int workers) {
        TrainSettings asked = settings(corpus, runDir, work, epochs, null, true, 0, workers);
        Overrides o = asked.overrides();
        Overrides noBatch = new Overrides(o.layers(), o.heads(), o.width(), o.blockSize(), o.dropout(), null, o.learningRate(),
                o.minLearningRate(), o.warmupSteps(), o.weightDecay(), o.gradClip(), o.epochs());
        return new TrainSettings(asked.corpus(), asked.preset(), noBatch, asked.maxSteps(), asked.seed(), true, asked.out(),
                asked.sampleLength(), asked.evalEvery(), workers, asked.dataDir(), asked.modelsDir(), asked.chartsDir());
    }

    static TrainingSummary train(TrainSettings settings) {
        return train(settings, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    static TrainingSummary train(TrainSettings settings, PrintStream out) {
        return train(settings, out, StopRequest.NEVER);
    }

    static TrainingSummary train(TrainSettings settings, PrintStream out, StopRequest stop) {
        return new TrainingRun(settings, out, Setting::fieldName, stop).withTerminal(false).run();
    }
}
