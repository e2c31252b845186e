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
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.sample.Sampling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with {@code --zero-init}: saved with it, sampled, resumed and fine-tuned with it, and a run
 * without it cannot be resumed with it. Zero-init changes only the starting weights, so the trained
 * model samples through the same decoder as any other.
 */
class ZeroInitRunTest {
    @TempDir
    Path work;

    private static TrainSettings withZeroInit(TrainSettings s, Boolean zeroInit) {
        Overrides o = s.overrides();
        Overrides chosen = new Overrides(o.layers(), o.heads(), o.width(), o.blockSize(), o.dropout(), o.batchSize(), o.learningRate(),
                o.minLearningRate(), o.warmupSteps(), o.weightDecay(), o.gradClip(), o.epochs(), o.beta1(), o.beta2(), o.schedule(),
                o.cooldown(), o.ema(), o.activation(), zeroInit);
        return SmallRuns.withOverrides(s, chosen);
    }

    /** The init stds the network's layers carry: 0 for zero-init's matrices. */
    private static void assertInitStds(boolean zero, MultiLayerNetwork network) {
        int blocks = GptNetwork.blockCount(network);
        for (int block = 0; block < blocks; block++) {
            CausalSelfAttentionBlock layer = (CausalSelfAttentionBlock) network.getLayer(GptNetwork.blockLayer(block)).conf().getLayer();
            assertEquals(zero, layer.getResidualInitStd() == 0, "block " + block);
        }
        LanguageModelHead head = (LanguageModelHead) network.getLayer(GptNetwork.headLayer(blocks)).conf().getLayer();
        assertEquals(zero, head.getWeightInitStd() == 0, "head");
    }

    @Test
    void aZeroInitRunKeepsItsSettingThroughResumeAndFineTuning() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Path run = work.resolve("zero");
        SmallRuns.train(withZeroInit(SmallRuns.settings(corpus, run, work, 1, 6L, false), true));

        Checkpoint latest = CheckpointFile.read(new RunDirectory(run).latest());
        assertTrue(latest.config().model().zeroInit());
        assertInitStds(true, latest.network());
        String head = GptNetwork.paramKey(GptNetwork.headLayer(latest.config().model().layers()), LanguageModelHead.HEAD_WEIGHT);
        assertTrue(latest.network().getParam(head).amaxNumber().doubleValue() > 0, "six steps moved the head off zero");
        SmallRuns.assertDecoderAgrees(latest); // trained weights are weights: the decoder computes as for any model
        String sample = Sampling.epochSample(latest.network(), latest.config().model(), latest.vocabulary(), 3L, 40);
        assertTrue(sample.codePointCount(0, sample.length()) >= 40, sample);

        SmallRuns.train(withZeroInit(SmallRuns.settings(corpus, run, work, 1, 8L, true), true)); // the starting command repeated
        SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, true));                    // or without the flag
        Checkpoint resumed = CheckpointFile.read(new RunDirectory(run).latest());
        assertEquals(10, resumed.state().step());
        assertTrue(resumed.config().model().zeroInit());

        Path plain = work.resolve("plain");
        SmallRuns.train(SmallRuns.settings(corpus, plain, work, 1, 2L, false));
        assertFalse(CheckpointFile.read(new RunDirectory(plain).latest()).config().model().zeroInit());
        BadInputException refused = assertThrows(BadInputException.class, () -> SmallRuns.train(
                withZeroInit(SmallRuns.settings(corpus, plain, work, 1, 4L, true), true)));
        assertTrue(refused.template().startsWith("{zeroInit} is on but the run started without it"), refused.template());

        Checkpoint tuned = SmallRuns.fineTuned(corpus, work, run, "tuned");
        assertTrue(tuned.config().model().zeroInit(), "fine-tuning keeps the source model's setting");
        assertTrue(tuned.network().getParam(head).amaxNumber().doubleValue() > 0, "it starts from the source's trained head");
    }
}
