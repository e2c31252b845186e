package dev.chargpt.train;

import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.FullWindowModel;
import dev.chargpt.decoder.KvCacheModel;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.model.CausalSelfAttentionBlock;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.step.OneGraphStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint written by chargpt before its LayerNorm had an epsilon and before the one-graph
 * training step (commit a074966: DL4J's {@code layerNorm} op, layer-by-layer fit), committed as a test
 * resource: every later chargpt must still read it and compute what that chargpt computed.
 *
 * <p>It was written by {@code chargpt train --corpus small.txt --layers 1 --heads 2 --width 16
 * --block-size 16 --batch-size 4 --learning-rate 1e-2 --max-steps 60 --sample-length 0} on the first 8,000 characters of
 * tiny Shakespeare ({@link SmallRuns#corpus}); its saved validation loss is the old code's number.
 */
class GoldenCheckpointTest {
    private static final String RESOURCE = "/golden/format1-layernorm-without-epsilon.zip";

    @Test
    void oldCheckpointLoadsWithoutEpsilonAndReproducesItsValidationLoss(@TempDir Path dir) throws IOException {
        Checkpoint checkpoint = CheckpointFile.read(copyOut(dir));
        MultiLayerNetwork network = checkpoint.network();
        ModelConfig model = checkpoint.config().model();
        for (int block = 0; block < model.layers(); block++) {
            assertEquals(0.0, ((CausalSelfAttentionBlock) network.getLayer(GptNetwork.blockLayer(block)).conf().getLayer()).getLayerNormEpsilon(),
                    "block " + block + ": a layer saved without the field has no epsilon");
        }
        assertEquals(0.0, ((LanguageModelHead) network.getLayer(GptNetwork.headLayer(model.layers())).conf().getLayer()).getLayerNormEpsilon());

        TrainingData data = TrainingData.load(SmallRuns.corpus(dir).toString(), dir.resolve("data"));
        assertEquals(checkpoint.vocabulary(), data.vocabulary(), "the same corpus gives the same vocabulary");
        double loss = new TextEvaluator(network, model).evaluate(data.split().validation()).meanNats();
        assertEquals(checkpoint.state().lastValidationLoss(), loss, 2e-5,
                "validation loss of the old checkpoint, now against then");
    }

    @Test
    void oldCheckpointSamplesAndTrainsWithTheNewCode(@TempDir Path dir) throws IOException {
        Checkpoint checkpoint = CheckpointFile.read(copyOut(dir));
        MultiLayerNetwork network = checkpoint.network();
        ModelConfig model = checkpoint.config().model();

        int[] prompt = new int[model.blockSize()];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = (i * 7) % model.vocabSize();
        }
        double[] cached = new KvCacheModel(network, model, ContextPolicy.EXACT).start(prompt);
        double[] full = new FullWindowModel(network, model, ContextPolicy.EXACT).start(prompt);
        for (int v = 0; v < cached.length; v++) {
            assertEquals(full[v], cached[v], 1e-4, "the KV-cache decoder agrees with the network, character " + v);
        }

        TrainingData data = TrainingData.load(SmallRuns.corpus(dir).toString(), dir.resolve("data"));
        int[] train = data.split().train();
        int t = model.blockSize();
        float[] features = new float[4 * t];
        float[] labels = new float[4 * t];
        for (int b = 0; b < 4; b++) {
            for (int i = 0; i < t; i++) {
                features[b * t + i] = train[b * 100 + i];
                labels[b * t + i] = train[b * 100 + i + 1];
            }
        }
        DataSet batch = new DataSet(Nd4j.create(features, 4, t), Nd4j.create(labels, 4, t));
        OneGraphStep step = new OneGraphStep(network, checkpoint.config().optimizer().gradClip());
        double first = step.fit(batch);
        double last = first;
        for (int i = 0; i < 20; i++) {
            last = step.fit(batch);
        }
        assertTrue(Double.isFinite(first) && last < first - 0.1, "resumed training lowers the loss: " + first + " -> " + last);
    }

    private static Path copyOut(Path dir) throws IOException {
        Path file = dir.resolve("latest.zip");
        try (InputStream in = GoldenCheckpointTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "missing test resource " + RESOURCE);
            Files.copy(in, file);
        }
        return file;
    }
}
