package dev.chargpt.model;

import dev.chargpt.fixture.TinyGpt;
import dev.chargpt.fixture.TinyModels;

import dev.chargpt.step.OneGraphStep;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.fixture.DoublePrecision;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(DoublePrecision.class)
class ModelBehaviourTest {
    @ParameterizedTest
    @EnumSource(Activation.class)
    void logitsAndLossAgreeWithPlainJavaReference(Activation activation) {
        assertAgreesWithPlainJavaReference(new ModelConfig(7, 2, 2, 8, 6, 0.0, activation));
    }

    /** QK-norm, with gains around 1.5 (random ones near 0 would flatten the attention the test looks at). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void withQkNormLogitsAndLossAgreeWithPlainJavaReference(Activation activation) {
        assertAgreesWithPlainJavaReference(new ModelConfig(7, 2, 2, 8, 6, 0.0, activation, false, true));
    }

    private static void assertAgreesWithPlainJavaReference(ModelConfig config) {
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-3), 3, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 5, 0.4);
        TinyGpt.peakedQkNormGains(network, 5);
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 9, DataType.DOUBLE);
        ReferenceGpt reference = new ReferenceGpt(config, network);

        INDArray logits = network.output(batch.getFeatures());
        double referenceLoss = 0;
        for (int b = 0; b < 3; b++) {
            int[] ids = TinyModels.row(batch.getFeatures(), b);
            double[][] expected = reference.logits(ids);
            for (int t = 0; t < config.blockSize(); t++) {
                for (int v = 0; v < config.vocabSize(); v++) {
                    assertEquals(expected[t][v], logits.getDouble(b, t, v), 1e-5, "logit b=" + b + " t=" + t + " v=" + v);
                }
            }
            referenceLoss += reference.loss(ids, TinyModels.row(batch.getLabels(), b)) / 3;
        }
        assertEquals(referenceLoss, network.score(batch), 1e-5, "mean cross-entropy per character, nats");
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void changingACharacterNeverChangesEarlierOutputs(Activation activation) {
        assertCausal(new ModelConfig(9, 2, 2, 8, 8, 0.0, activation));
    }

    @Test
    void withQkNormChangingACharacterNeverChangesEarlierOutputs() {
        assertCausal(new ModelConfig(9, 2, 2, 8, 8, 0.0, Activation.RELU2, false, true));
    }

    private static void assertCausal(ModelConfig config) {
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-3), 4, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 6, 0.5);
        TinyGpt.peakedQkNormGains(network, 6);
        int[][] ids = TinyModels.randomIds(1, config.blockSize(), config.vocabSize(), 10);
        INDArray before = network.output(TinyModels.asArray(ids, DataType.DOUBLE)).dup();
        for (int changed = 0; changed < config.blockSize(); changed++) {
            int[][] altered = {ids[0].clone()};
            altered[0][changed] = (altered[0][changed] + 1 + changed) % config.vocabSize();
            INDArray after = network.output(TinyModels.asArray(altered, DataType.DOUBLE));
            for (int t = 0; t < config.blockSize(); t++) {
                double difference = after.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(t)).sub(before.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(t)))
                        .amaxNumber().doubleValue();
                if (t < changed) {
                    assertEquals(0.0, difference, 0.0, "position " + t + " saw the future position " + changed);
                } else if (t == changed) {
                    assertTrue(difference > 1e-6, "position " + t + " ignored its own input");
                }
            }
        }
    }

    @Test
    void initialLossIsNearLogVocabularySize() {
        ModelConfig config = new ModelConfig(65, 2, 4, 32, 16, 0.0);
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-3), 1, DataType.FLOAT);
        DataSet batch = TinyModels.batch(8, config.blockSize(), config.vocabSize(), 2, DataType.FLOAT);
        assertEquals(Math.log(65), network.score(batch), 0.05);
    }

    @Test
    void aTinyModelOverfitsOneBatch() {
        ModelConfig config = new ModelConfig(11, 1, 2, 16, 8, 0.0);
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-2), 8, DataType.FLOAT);
        DataSet batch = TinyModels.batch(4, config.blockSize(), config.vocabSize(), 3, DataType.FLOAT);
        OneGraphStep step = new OneGraphStep(network, 0);
        for (int i = 0; i < 250; i++) {
            step.fit(batch);
        }
        assertTrue(network.score(batch) < 0.1, "loss after 250 steps on one batch: " + network.score(batch));
    }

    @Test
    void parameterCountMatchesTheFormula() {
        for (ModelConfig config : new ModelConfig[]{
                new ModelConfig(65, 4, 4, 128, 64, 0.0), new ModelConfig(7, 1, 1, 4, 3, 0.1), new ModelConfig(100, 3, 2, 10, 5, 0.0),
                new ModelConfig(100, 3, 2, 10, 5, 0.0).withQkNorm(true)}) {
            MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-3), 1, DataType.FLOAT);
            assertEquals(config.parameterCount(), network.numParams(), config.toString());
        }
        assertEquals(818_176, new ModelConfig(65, 4, 4, 128, 64, 0.0).parameterCount());
        assertEquals(818_176 + 4 * 2 * 128, new ModelConfig(65, 4, 4, 128, 64, 0.0).withQkNorm(true).parameterCount(),
                "QK-norm: a query gain and a key gain of 128 per block");
    }

    /** The matrices zero-init starts at zero: each block's two residual projections and the head. */
    private static boolean zeroedByZeroInit(String key, int blocks) {
        return key.endsWith("_" + CausalSelfAttentionBlock.PROJ_WEIGHT) || key.endsWith("_" + CausalSelfAttentionBlock.FC2_WEIGHT)
                || key.equals(GptNetwork.paramKey(GptNetwork.headLayer(blocks), LanguageModelHead.HEAD_WEIGHT));
    }

    @Test
    void zeroInitStartsTheResidualProjectionsAndTheHeadAtZeroAndNothingElse() {
        ModelConfig config = new ModelConfig(11, 3, 2, 8, 6, 0.0, Activation.RELU2);
        MultiLayerNetwork usual = TinyModels.network(config, new Adam(1e-3), 5, DataType.DOUBLE);
        MultiLayerNetwork zero = TinyModels.network(config.withZeroInit(true), new Adam(1e-3), 5, DataType.DOUBLE);
        assertEquals(usual.paramTable().keySet(), zero.paramTable().keySet());
        int zeroed = 0;
        for (String key : usual.paramTable().keySet()) {
            INDArray z = zero.getParam(key);
            if (zeroedByZeroInit(key, config.layers())) {
                zeroed++;
                assertEquals(0.0, z.amaxNumber().doubleValue(), 0.0, key + " starts at exactly zero");
                assertTrue(usual.getParam(key).amaxNumber().doubleValue() > 0, key + " is random without zero-init");
            } else {
                assertEquals(usual.getParam(key), z, key + ": the usual initialisation, drawn as without zero-init");
            }
        }
        assertEquals(2 * config.layers() + 1, zeroed);
        double residualStd = MaskedSameDiffLayer.INIT_STD / Math.sqrt(2.0 * config.layers());
        INDArray proj = usual.getParam(GptNetwork.paramKey(GptNetwork.blockLayer(0), CausalSelfAttentionBlock.PROJ_WEIGHT));
        assertTrue(proj.stdNumber().doubleValue() > 0.5 * residualStd && proj.stdNumber().doubleValue() < 1.5 * residualStd,
                "without zero-init the projections keep nanoGPT's 0.02 / sqrt(2 layers): " + proj.stdNumber());
    }

    @Test
    void aZeroInitNetworkPredictsUniformlyAtFirstAndLearns() {
        ModelConfig config = new ModelConfig(11, 2, 2, 16, 8, 0.0, Activation.GELU, true);
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-2), 8, DataType.DOUBLE);
        DataSet batch = TinyModels.batch(4, config.blockSize(), config.vocabSize(), 3, DataType.DOUBLE);
        assertEquals(0.0, network.output(batch.getFeatures()).amaxNumber().doubleValue(), 0.0, "a zero head gives zero logits");
        OneGraphStep step = new OneGraphStep(network, 1.0);
        double first = step.fit(batch);
        assertEquals(Math.log(config.vocabSize()), first, 1e-12, "uniform over the vocabulary");
        double last = first;
        for (int i = 0; i < 20; i++) {
            last = step.fit(batch);
        }
        assertTrue(last < first - 0.3, "a zero-init network learns: " + first + " -> " + last);
        for (String key : network.paramTable().keySet()) {
            if (zeroedByZeroInit(key, config.layers())) {
                assertTrue(network.getParam(key).amaxNumber().doubleValue() > 0, key + " moved off zero");
            }
        }
    }

    @Test
    void configurationSurvivesAJsonRoundTrip() {
        ModelConfig config = new ModelConfig(13, 2, 2, 8, 6, 0.2);
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-3), 1, DataType.FLOAT);
        String json = network.getLayerWiseConfigurations().toJson();
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(json);
        assertEquals(json, restored.toJson());
        assertTrue(json.contains("dev.chargpt.model.CausalSelfAttentionBlock"), "layers serialise by class name");
        CausalSelfAttentionBlock block = (CausalSelfAttentionBlock) restored.getConf(GptNetwork.blockLayer(0)).getLayer();
        assertEquals(2, block.getHeads());
        assertEquals(0.2, block.getDropout());
        assertEquals(Activation.GELU, block.getMlpActivation());

        MultiLayerNetwork relu2 = TinyModels.network(config.withActivation(Activation.RELU2), new Adam(1e-3), 1, DataType.FLOAT);
        String relu2Json = relu2.getLayerWiseConfigurations().toJson();
        assertTrue(relu2Json.contains("\"mlpActivation\" : \"RELU2\""), "the activation is in the network's JSON");
        CausalSelfAttentionBlock relu2Block = (CausalSelfAttentionBlock) MultiLayerConfiguration.fromJson(relu2Json)
                .getConf(GptNetwork.blockLayer(1)).getLayer();
        assertEquals(Activation.RELU2, relu2Block.getMlpActivation());
        // A network saved before the activation was a choice has no such field: it is GELU.
        CausalSelfAttentionBlock old = (CausalSelfAttentionBlock) MultiLayerConfiguration.fromJson(
                relu2Json.replace("\"mlpActivation\" : \"RELU2\",", "")).getConf(GptNetwork.blockLayer(1)).getLayer();
        assertEquals(Activation.GELU, old.getMlpActivation());

        // Zero-init is in the JSON as the initial stds it sets (read only when a network is built).
        MultiLayerConfiguration zero = MultiLayerConfiguration.fromJson(TinyModels.network(config.withZeroInit(true), new Adam(1e-3), 1,
                DataType.FLOAT).getLayerWiseConfigurations().toJson());
        assertEquals(0.0, ((CausalSelfAttentionBlock) zero.getConf(GptNetwork.blockLayer(1)).getLayer()).getResidualInitStd());
        assertEquals(0.0, ((LanguageModelHead) zero.getConf(GptNetwork.headLayer(2)).getLayer()).getWeightInitStd());
        assertEquals(MaskedSameDiffLayer.INIT_STD, ((LanguageModelHead) restored.getConf(GptNetwork.headLayer(2)).getLayer())
                .getWeightInitStd());
        // A head saved before zero-init existed has no such field: nanoGPT's 0.02.
        assertTrue(json.contains("\"weightInitStd\" : 0.02,"), "the head's init std is in the network's JSON");
        LanguageModelHead oldHead = (LanguageModelHead) MultiLayerConfiguration.fromJson(json.replace("\"weightInitStd\" : 0.02,", ""))
                .getConf(GptNetwork.headLayer(2)).getLayer();
        assertEquals(MaskedSameDiffLayer.INIT_STD, oldHead.getWeightInitStd());

        // QK-norm is in the block's JSON; a block saved before it existed has none (and no gains).
        assertFalse(block.isQkNorm());
        String qkJson = TinyModels.network(config.withQkNorm(true), new Adam(1e-3), 1, DataType.FLOAT).getLayerWiseConfigurations().toJson();
        assertTrue(qkJson.contains("\"qkNorm\" : true"), "QK-norm is in the network's JSON");
        assertTrue(((CausalSelfAttentionBlock) MultiLayerConfiguration.fromJson(qkJson).getConf(GptNetwork.blockLayer(1)).getLayer())
                .isQkNorm());
        CausalSelfAttentionBlock before = (CausalSelfAttentionBlock) MultiLayerConfiguration.fromJson(
                qkJson.replace("\"qkNorm\" : true,", "")).getConf(GptNetwork.blockLayer(1)).getLayer();
        assertFalse(before.isQkNorm());
    }

    @Test
    void startingFromAModelCopiesQkNormsGainsAndRefusesAModelWithoutThem() {
        ModelConfig config = new ModelConfig(9, 2, 2, 8, 6, 0.0).withQkNorm(true);
        dev.chargpt.data.Vocabulary vocabulary = dev.chargpt.data.Vocabulary.of("abcdefghi");
        MultiLayerNetwork source = TinyModels.network(config, new Adam(1e-3), 3, DataType.DOUBLE);
        TinyModels.randomizeParameters(source, 4, 0.5);
        MultiLayerNetwork target = TinyModels.network(config, new Adam(1e-3), 5, DataType.DOUBLE);
        WeightTransfer.copy(source, vocabulary, target, vocabulary);
        assertEquals(source.params(), target.params(), "every parameter, the gains included");
        MultiLayerNetwork plain = TinyModels.network(config.withQkNorm(false), new Adam(1e-3), 5, DataType.DOUBLE);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WeightTransfer.copy(source, vocabulary, plain, vocabulary));
        assertTrue(e.getMessage().startsWith("layer 1 has the parameters"), e.getMessage());
    }

    @Test
    void qkNormGainsStartAtOneAndTakeNoWeightDecay() {
        ModelConfig config = new ModelConfig(9, 2, 2, 8, 6, 0.0).withQkNorm(true);
        MultiLayerNetwork network = GptNetwork.create(config, new Adam(1e-3), 0.1, 3, DataType.DOUBLE);
        for (int block = 0; block < config.layers(); block++) {
            int layer = GptNetwork.blockLayer(block);
            org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayer(layer).conf().getLayer();
            for (String gain : new String[]{CausalSelfAttentionBlock.QUERY_GAIN, CausalSelfAttentionBlock.KEY_GAIN}) {
                INDArray values = network.getParam(GptNetwork.paramKey(layer, gain));
                assertEquals(config.width(), values.length());
                assertEquals(1.0, values.minNumber().doubleValue(), 0.0);
                assertEquals(1.0, values.maxNumber().doubleValue(), 0.0);
                assertTrue(conf.getRegularizationByParam(gain).isEmpty(), gain + " takes no weight decay, like LayerNorm gains");
            }
            assertFalse(conf.getRegularizationByParam(CausalSelfAttentionBlock.QKV_WEIGHT).isEmpty(), "matrices do");
        }
        MultiLayerNetwork plain = GptNetwork.create(config.withQkNorm(false), new Adam(1e-3), 0.1, 3, DataType.DOUBLE);
        assertFalse(plain.paramTable().containsKey(GptNetwork.paramKey(GptNetwork.blockLayer(0), CausalSelfAttentionBlock.QUERY_GAIN)),
                "without QK-norm a block has its 12 parameters only");
    }

    @Test
    void savedAndLoadedNetworkGivesIdenticalOutputsAndStillTrains(@TempDir Path dir) throws Exception {
        ModelConfig config = new ModelConfig(9, 2, 2, 8, 6, 0.0);
        MultiLayerNetwork network = TinyModels.network(config, new Adam(1e-2), 4, DataType.FLOAT);
        DataSet batch = TinyModels.batch(4, config.blockSize(), config.vocabSize(), 5, DataType.FLOAT);
        new OneGraphStep(network, 1.0).fit(batch);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(network, file, true);

        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(file, true);
        // Output before any fit on a freshly loaded network: a known DL4J trap for SameDiff output layers.
        assertEquals(network.output(batch.getFeatures()), loaded.output(batch.getFeatures()));
        double before = loaded.score(batch);
        OneGraphStep step = new OneGraphStep(loaded, 1.0);
        for (int i = 0; i < 30; i++) {
            step.fit(batch);
        }
        assertTrue(loaded.score(batch) < before - 0.1, "loaded network did not train: " + before + " -> " + loaded.score(batch));
    }

    @Test
    void dropoutActsInTrainingOnly() {
        ModelConfig withDropout = new ModelConfig(9, 2, 2, 8, 6, 0.3);
        ModelConfig without = new ModelConfig(9, 2, 2, 8, 6, 0.0);
        MultiLayerNetwork dropping = TinyModels.network(withDropout, new Adam(1e-3), 4, DataType.DOUBLE);
        MultiLayerNetwork plain = TinyModels.network(without, new Adam(1e-3), 4, DataType.DOUBLE);
        plain.params().assign(dropping.params());
        DataSet batch = TinyModels.batch(2, 6, 9, 5, DataType.DOUBLE);

        INDArray inference = dropping.output(batch.getFeatures(), false);
        assertEquals(plain.output(batch.getFeatures(), false), inference, "inference must not drop anything");
        assertEquals(inference, dropping.output(batch.getFeatures(), false), "inference must be deterministic");
        INDArray training = dropping.output(batch.getFeatures(), true);
        assertFalse(training.equalsWithEps(inference, 1e-6), "training forward pass must drop");
        assertEquals(training, dropping.output(batch.getFeatures(), true), "a step's masks derive from (seed, step, layer)");
    }
}
