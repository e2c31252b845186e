package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Activation;
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

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run with {@code --activation relu2}: saved with it, sampled with it, resumed and fine-tuned with it. */
class Relu2RunTest {
    @TempDir
    Path work;

    private static TrainSettings withActivation(TrainSettings s, Activation activation) {
        Overrides o = s.overrides();
        Overrides chosen = new Overrides(o.layers(), o.heads(), o.width(), o.blockSize(), o.dropout(), o.batchSize(), o.learningRate(),
                o.minLearningRate(), o.warmupSteps(), o.weightDecay(), o.gradClip(), o.epochs(), o.beta1(), o.beta2(), o.schedule(),
                o.cooldown(), o.ema(), activation);
        return SmallRuns.withOverrides(s, chosen);
    }

    private static void assertBlocks(Activation expected, MultiLayerNetwork network) {
        for (int block = 0; block < GptNetwork.blockCount(network); block++) {
            CausalSelfAttentionBlock layer = (CausalSelfAttentionBlock) network.getLayer(GptNetwork.blockLayer(block)).conf().getLayer();
            assertEquals(expected, layer.getMlpActivation(), "block " + block);
        }
    }

    @Test
    void aRelu2RunKeepsItsActivationEverywhere() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Path run = work.resolve("relu2");
        SmallRuns.train(withActivation(SmallRuns.settings(corpus, run, work, 1, 6L, false), Activation.RELU2));

        Checkpoint latest = CheckpointFile.read(new RunDirectory(run).latest());
        assertEquals(Activation.RELU2, latest.config().model().activation());
        assertBlocks(Activation.RELU2, latest.network());
        SmallRuns.assertDecoderAgrees(latest);
        String sample = Sampling.epochSample(latest.network(), latest.config().model(), latest.vocabulary(), 3L, 40);
        assertTrue(sample.codePointCount(0, sample.length()) >= 40, sample);

        BadInputException refused = assertThrows(BadInputException.class, () -> SmallRuns.train(
                withActivation(SmallRuns.settings(corpus, run, work, 1, 8L, true), Activation.GELU)));
        assertTrue(refused.template().startsWith("{activation} gelu differs from the run's relu2"), refused.template());
        SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 8L, true));
        Checkpoint resumed = CheckpointFile.read(new RunDirectory(run).latest());
        assertEquals(8, resumed.state().step());
        assertBlocks(Activation.RELU2, resumed.network());

        Checkpoint tuned = SmallRuns.fineTuned(corpus, work, run, "tuned");
        assertEquals(Activation.RELU2, tuned.config().model().activation(), "fine-tuning keeps the source model's activation");
        assertBlocks(Activation.RELU2, tuned.network());
    }
}
