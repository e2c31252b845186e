package dev.chargpt.train;

import dev.chargpt.Setting;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.model.CausalSelfAttentionBlock;
import dev.chargpt.model.CharEmbeddingLayer;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.LanguageModelHead;
import dev.chargpt.model.MaskedSameDiffLayer;
import dev.chargpt.sample.Sampling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static dev.chargpt.train.GoldenCheckpointWriter.EXPECTED;
import static dev.chargpt.train.GoldenCheckpointWriter.STEPS;
import static dev.chargpt.train.GoldenCheckpointWriter.ZIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint of the current format, committed with what it must give ({@link GoldenCheckpointWriter}
 * made both): every class name and field the zip holds is pinned, so a refactor that would break
 * users' saved models fails here. It must load, sample the same text from the same seed, evaluate to
 * the same loss and resume training.
 */
class CurrentGoldenCheckpointTest {

    @Test
    void loadsWithTheConfigAndLayersItWasWrittenWith(@TempDir Path dir) throws IOException {
        Checkpoint checkpoint = CheckpointFile.read(copyOut(dir));
        RunConfig config = checkpoint.config();
        assertEquals(GoldenCorpus.PATH.toString(), config.corpus());
        assertEquals("cpu-small", config.preset());
        assertEquals(new ModelConfig(checkpoint.vocabulary().size(), 1, 2, 8, 8, 0.0), config.model());
        assertEquals(4, config.batchSize());
        assertEquals(11L, config.seed());
        assertEquals(STEPS, checkpoint.state().step());
        assertEquals(STEPS, checkpoint.network().getIterationCount());
        assertEquals(Vocabulary.of(GoldenCorpus.text()), checkpoint.vocabulary());

        MultiLayerNetwork network = checkpoint.network();
        assertInstanceOf(CharEmbeddingLayer.class, network.getLayer(GptNetwork.embeddingLayer()).conf().getLayer());
        CausalSelfAttentionBlock block = assertInstanceOf(CausalSelfAttentionBlock.class,
                network.getLayer(GptNetwork.blockLayer(0)).conf().getLayer());
        assertEquals(GptNetwork.LAYER_NORM_EPSILON, block.getLayerNormEpsilon());
        assertEquals(Activation.GELU, block.getMlpActivation(), "written before the activation was a choice: GELU");
        assertFalse(block.isQkNorm(), "written before QK-norm was a choice: none");
        assertFalse(network.paramTable().containsKey(GptNetwork.paramKey(GptNetwork.blockLayer(0), CausalSelfAttentionBlock.QUERY_GAIN)));
        LanguageModelHead head = assertInstanceOf(LanguageModelHead.class, network.getLayer(GptNetwork.headLayer(1)).conf().getLayer());
        assertEquals(MaskedSameDiffLayer.INIT_STD, head.getWeightInitStd(), "written before zero-init: nanoGPT's init std");
    }

    @Test
    void samplesTheRecordedTextAndEvaluatesToTheRecordedLoss(@TempDir Path dir) throws IOException {
        Checkpoint checkpoint = CheckpointFile.read(copyOut(dir));
        Properties expected = expected();
        // The plain-Java decoder computes in doubles, so the sample is exact on every machine.
        assertEquals(expected.getProperty("sample"), Sampling.epochSample(checkpoint.network(), checkpoint.config().model(),
                checkpoint.vocabulary(), Long.parseLong(expected.getProperty("sampleSeed")), GoldenCheckpointWriter.SAMPLE_LENGTH));

        GoldenCorpus.write();
        TrainingData data = TrainingData.reload(checkpoint.config().corpus(), dir.resolve("data"), checkpoint.vocabulary(),
                dir.resolve(ZIP));
        double loss = new TextEvaluator(checkpoint.network(), checkpoint.config().model()).evaluate(data.split().validation()).meanNats();
        assertEquals(Double.parseDouble(expected.getProperty("validationLoss")), loss, 1e-5);
    }

    @Test
    void resumesTraining(@TempDir Path work) throws IOException {
        GoldenCorpus.write();
        Path run = Files.createDirectories(work.resolve("run"));
        try (InputStream in = resource(ZIP)) {
            Files.copy(in, new RunDirectory(run).latest());
        }

        TrainingSummary summary = new TrainingRun(GoldenCheckpointWriter.settings(run, work, STEPS + 10, true),
                new PrintStream(OutputStream.nullOutputStream()), Setting::fieldName, StopRequest.NEVER).withTerminal(false).run();

        assertEquals(STEPS + 10, summary.steps());
        assertTrue(Double.isFinite(summary.lastValidationLoss()), "validated after resuming: " + summary.lastValidationLoss());
        List<LossRecord> rows = new LossHistory(new RunDirectory(run).history()).readAll();
        assertEquals(STEPS + 10, rows.get(rows.size() - 1).step(), "the history goes on from the checkpoint's rows");
        assertEquals(STEPS + 10, CheckpointFile.read(new RunDirectory(run).latest()).state().step());
    }

    private static Properties expected() throws IOException {
        Properties expected = new Properties();
        try (InputStream in = resource(EXPECTED)) {
            expected.load(in);
        }
        return expected;
    }

    private static InputStream resource(String name) {
        InputStream in = CurrentGoldenCheckpointTest.class.getResourceAsStream("/golden/" + name);
        assertNotNull(in, "missing test resource /golden/" + name);
        return in;
    }

    private static Path copyOut(Path dir) throws IOException {
        Path file = dir.resolve(ZIP);
        try (InputStream in = resource(ZIP)) {
            Files.copy(in, file);
        }
        return file;
    }
}
