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
        return SmallRuns.withOverrides(s, chosen);
    }

    private static void assertBlocks(boolean qkNorm, MultiLayerNetwork network) {
        for (int block = 0; block < GptNetwork.blockCount(network); block++) {
            int layer = GptNetwork.blockLayer(block);
            assertEquals(qkNorm, ((CausalSelfAttentionBlock) network.getLayer(layer).conf().getLayer()).isQkNorm(), "block " + block);
            assertEquals(qkNorm, network.paramTable().containsKey(GptNetwork.paramKey(layer, CausalSelfAttentionBlock.QUERY_GAIN)),
                    "block " + block + "'s query gain");
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
        SmallRuns.assertDecoderAgrees(latest);
        String sample = Sampling.epochSample(latest.network(), latest.config().model(), latest.vocabulary(), 3L, 40);
        assertTrue(sample.codePointCount(0, sample.length()) >= 40, sample);

        SmallRuns.train(withQkNorm(SmallRuns.settings(corpus, run, work, 1, 8L, true), true)); // the starting command repeated
        SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, true));                  // or without the flag
        Checkpoint resumed = CheckpointFile.read(new RunDirectory(run).latest());
        assertEquals(10, resumed.state().step());
        assertBlocks(true, resumed.network());
        SmallRuns.assertDecoderAgrees(resumed);

        Path plain = work.resolve("plain");
        SmallRuns.train(SmallRuns.settings(corpus, plain, work, 1, 2L, false));
        assertFalse(CheckpointFile.read(new RunDirectory(plain).latest()).config().model().qkNorm());
        BadInputException refused = assertThrows(BadInputException.class, () -> SmallRuns.train(
                withQkNorm(SmallRuns.settings(corpus, plain, work, 1, 4L, true), true)));
        assertTrue(refused.template().startsWith("{qkNorm} is on but the run started without it"), refused.template());

        Checkpoint tuned = SmallRuns.fineTuned(corpus, work, run, "tuned");
        assertTrue(tuned.config().model().qkNorm(), "fine-tuning keeps the source model's attention");
        assertBlocks(true, tuned.network());
        SmallRuns.assertDecoderAgrees(tuned);
    }
}
