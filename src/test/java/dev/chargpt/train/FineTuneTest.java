package dev.chargpt.train;

import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.Overrides;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.model.CharEmbeddingLayer;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.model.WeightTransfer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --init-from}: a new run starts from a trained model's weights, its vocabulary extended by the new text's characters. */
class FineTuneTest {
    private static final OptimizerConfig OPTIMIZER = new OptimizerConfig(1e-3, 1e-4, 0, 10, 0.1, 0.9, 0.99, 1.0);

    @TempDir
    Path work;

    @Test
    void knownCharactersKeepTheirRowsAndANewOneKeepsItsFreshInitialisation() {
        Vocabulary old = Vocabulary.of("abc \n");
        Vocabulary extended = old.union(Vocabulary.of("é"));
        MultiLayerNetwork source = GptNetwork.create(new ModelConfig(old.size(), 1, 2, 8, 6, 0.0), OPTIMIZER, 1);
        MultiLayerNetwork target = GptNetwork.create(new ModelConfig(extended.size(), 1, 2, 8, 6, 0.0), OPTIMIZER, 2);
        int newId = extended.idOf('é');
        INDArray freshRow = embedding(target).getRow(newId).dup();

        WeightTransfer.copy(source, old, target, extended);

        for (int id = 0; id < old.size(); id++) {
            int to = extended.idOf(old.codePointAt(id));
            assertEquals(embedding(source).getRow(id), embedding(target).getRow(to), "embedding of " + old.codePointAt(id));
            assertEquals(head(source).get(NDArrayIndex.all(), NDArrayIndex.point(id)),
                    head(target).get(NDArrayIndex.all(), NDArrayIndex.point(to)), "head column of " + old.codePointAt(id));
        }
        assertEquals(freshRow, embedding(target).getRow(newId), "the new character keeps its fresh row");
        assertEquals(source.getLayer(GptNetwork.blockLayer(0)).params(), target.getLayer(GptNetwork.blockLayer(0)).params(),
                "the blocks are copied whole");
        assertEquals(source.getLayer(GptNetwork.embeddingLayer()).paramTable().get(CharEmbeddingLayer.POSITION_EMBEDDING),
                target.getLayer(GptNetwork.embeddingLayer()).paramTable().get(CharEmbeddingLayer.POSITION_EMBEDDING));
    }

    @Test
    void aRunStartsFromAnotherRunsWeightsOnATextWithANewCharacter() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Path sourceRun = work.resolve("source");
        SmallRuns.train(SmallRuns.settings(corpus, sourceRun, work, 1, 20L, false));
        Checkpoint source = CheckpointFile.read(new RunDirectory(sourceRun).best());

        Path newText = Files.writeString(work.resolve("new.txt"), Files.readString(corpus).replace("you", "yoü"),
                StandardCharsets.UTF_8);
        TrainSettings plain = SmallRuns.settings(newText, work.resolve("tuned"), work, 1, 0L, false);
        Overrides o = plain.overrides();
        Overrides noRate = new Overrides(null, null, null, null, o.dropout(), o.batchSize(), null, null, o.warmupSteps(),
                o.weightDecay(), o.gradClip(), o.epochs());
        TrainSettings tuned = new TrainSettings(plain.corpus(), plain.preset(), noRate, 1L, plain.seed(), false,
                plain.out(), 0, 0, 1, plain.dataDir(), plain.modelsDir(), plain.chartsDir(), false, new RunDirectory(sourceRun).best());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SmallRuns.train(tuned, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(source.vocabulary().size() + " characters known, 1 new"),
                printed.toString(StandardCharsets.UTF_8));
        Checkpoint after = CheckpointFile.read(new RunDirectory(work.resolve("tuned")).latest());
        assertEquals(source.vocabulary().union(Vocabulary.of("ü")), after.vocabulary());
        assertEquals(1, after.state().step(), "its own step count, from 0");
        assertEquals(source.config().model().width(), after.config().model().width());
        assertEquals(dev.chargpt.config.ConfigResolver.FINE_TUNING_LEARNING_RATE, after.config().optimizer().learningRate(),
                "fine-tuning's own learning rate, the settings giving none");
        INDArray before = embedding(source.network());
        INDArray now = embedding(after.network());
        int e = source.vocabulary().idOf('e');
        assertNotEquals(before.getRow(e), now.getRow(after.vocabulary().idOf('e')), "one step moved the weights");
        assertTrue(before.getRow(e).distance2(now.getRow(after.vocabulary().idOf('e'))) < 0.1 * before.getRow(e).norm2Number().doubleValue(),
                "but it started from the source's row");
    }

    private static INDArray embedding(MultiLayerNetwork network) {
        return network.getLayer(GptNetwork.embeddingLayer()).paramTable().get(CharEmbeddingLayer.TOKEN_EMBEDDING);
    }

    private static INDArray head(MultiLayerNetwork network) {
        return network.getLayer(GptNetwork.headLayer(GptNetwork.blockCount(network))).paramTable().get(LanguageModelHead.HEAD_WEIGHT);
    }
}
