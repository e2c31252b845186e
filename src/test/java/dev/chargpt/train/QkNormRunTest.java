package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Overrides;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.FullWindowModel;
import dev.chargpt.decoder.KvCacheModel;
import dev.chargpt.model.CausalSelfAttentionBlock;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.sample.Sampling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run with {@code --qk-norm}: saved with it, sampled with it, resumed and fine-tuned with it. */
class QkNormRunTest {
    @TempDir
    Path work;

    private static TrainSettings withQkNorm(TrainSettings s, Boolean qkNorm) {
        Overrides o = s.overrides();
        Overrides chosen = new Overrides(o.layers(), o.heads(), o.width(), o.blockSize(), o.dropout(), o.batchSize(), o.learningRate(),
                o.minLearningRate(), o.warmupSteps(), o.weightDecay(), o.gradClip(), o.epochs(), o.beta1(), o.beta2(), o.schedule(),
                o.cooldown(), o.ema(), o.activation(), o.zeroInit(), qkNorm);
        return new TrainSettings(s.corpus(), s.preset(), chosen, s.maxSteps(), s.seed(), s.resume(), s.out(), s.sampleLength(),
                s.evalEvery(), s.workers(), s.dataDir(), s.modelsDir(), s.chartsDir());
    }

    private static void assertBlocks(boolean qkNorm, MultiLayerNetwork network) {
        for (int block = 0; block < GptNetwork.blockCount(network); block++) {
            int layer = GptNetwork.blockLayer(block);
            assertEquals(qkNorm, ((CausalSelfAttentionBlock) network.getLayer(layer).conf().getLayer()).isQkNorm(), "block " + block);
            assertEquals(qkNorm, network.paramTable().containsKey(GptNetwork.paramKey(layer, CausalSelfAttentionBlock.QUERY_GAIN)),
                    "block " + block + "'s query gain");
        }
    }

    /** The cached decoder (sample, serve, attention pictures) computes what the full window computes. */
    private static void assertDecoderAgrees(Checkpoint checkpoint) {
        int[] prompt = {checkpoint.vocabulary().idOf('e'), checkpoint.vocabulary().idOf(' '), checkpoint.vocabulary().idOf('t')};
        MultiLayerNetwork network = checkpoint.networkForUse();
        double[] full = new FullWindowModel(network, checkpoint.config().model(), ContextPolicy.EXACT).start(prompt);
        double[] cached = new KvCacheModel(network, checkpoint.config().model(), ContextPolicy.EXACT).start(prompt);
        for (int id = 0; id < full.length; id++) {
            assertEquals(full[id], cached[id], 1e-4, "logit " + id);
        }
    }

    @Test
    void aQkNormRunKeepsItsAttentionEverywhere() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Path run = work.resolve("qk");
        SmallRuns.train(withQkNorm(SmallRuns.settings(corpus, run, work, 1, 6L, false), true));

        Checkpoint latest = CheckpointFile.read(new RunDirectory(run).latest());
        assertTrue(latest.config().model().qkNorm());
        assertEquals(latest.config().model().parameterCount(), latest.network().numParams());
        assertBlocks(true, latest.network());
        INDArray gain = latest.network().getParam(GptNetwork.paramKey(GptNetwork.blockLayer(0), CausalSelfAttentionBlock.QUERY_GAIN));
        assertTrue(gain.sub(1).amaxNumber().doubleValue() > 0, "six steps trained the query gains off 1");
        assertDecoderAgrees(latest);
        String sample = Sampling.epochSample(latest.network(), latest.config().model(), latest.vocabulary(), 3L, 40);
        assertTrue(sample.codePointCount(0, sample.length()) >= 40, sample);

        SmallRuns.train(withQkNorm(SmallRuns.settings(corpus, run, work, 1, 8L, true), true)); // the starting command repeated
        SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, true));                  // or without the flag
        Checkpoint resumed = CheckpointFile.read(new RunDirectory(run).latest());
        assertEquals(10, resumed.state().step());
        assertBlocks(true, resumed.network());
        assertDecoderAgrees(resumed);

        Path plain = work.resolve("plain");
        SmallRuns.train(SmallRuns.settings(corpus, plain, work, 1, 2L, false));
        assertFalse(CheckpointFile.read(new RunDirectory(plain).latest()).config().model().qkNorm());
        BadInputException refused = assertThrows(BadInputException.class, () -> SmallRuns.train(
                withQkNorm(SmallRuns.settings(corpus, plain, work, 1, 4L, true), true)));
        assertTrue(refused.template().startsWith("{qkNorm} is on but the run started without it"), refused.template());

        TrainSettings fresh = SmallRuns.settings(corpus, work.resolve("tuned"), work, 1, 1L, false);
        Overrides o = fresh.overrides();
        Overrides noShape = new Overrides(null, null, null, null, o.dropout(), o.batchSize(), null, null, o.warmupSteps(),
                o.weightDecay(), o.gradClip(), o.epochs());
        SmallRuns.train(new TrainSettings(fresh.corpus(), fresh.preset(), noShape, 1L, fresh.seed(), false, fresh.out(), 0, 0, 1,
                fresh.dataDir(), fresh.modelsDir(), fresh.chartsDir(), false, new RunDirectory(run).best()));
        Checkpoint tuned = CheckpointFile.read(new RunDirectory(work.resolve("tuned")).latest());
        assertTrue(tuned.config().model().qkNorm(), "fine-tuning keeps the source model's attention");
        assertBlocks(true, tuned.network());
        assertDecoderAgrees(tuned);
    }
}
