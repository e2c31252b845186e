package dev.chargpt.model;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.fixture.DoublePrecision;
import dev.chargpt.fixture.TinyGpt;
import dev.chargpt.fixture.TinyModels;
import dev.chargpt.step.OneGraphStep;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences against backpropagation for every parameter of every custom layer
 * (embedding, two attention blocks, head), in double precision, as DL4J's own layer tests do, for
 * each MLP activation, with QK-norm, and for zero-init's zero matrices.
 * With dropout on, the check also proves that the backward pass sees the forward pass's masks.
 */
@ExtendWith(DoublePrecision.class)
class GradientCheckTest {
    @ParameterizedTest(name = "dropout {0}, {1}")
    @CsvSource({"0.0, GELU", "0.25, GELU", "0.0, RELU2", "0.25, RELU2"})
    void analyticGradientsMatchFiniteDifferences(double dropout, Activation activation) {
        ModelConfig config = new ModelConfig(5, 2, 2, 4, 4, dropout, activation);
        MultiLayerNetwork network = TinyModels.network(config, new NoOp(), 7, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 11, 0.5);
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 13, DataType.DOUBLE);
        assertGradientsMatch(network, batch);
    }

    /**
     * QK-norm: the RMS normalisation of queries and keys (values untouched), the gains and the
     * scaling folded onto the queries, with and without dropout.
     */
    @ParameterizedTest(name = "dropout {0}, {1}, qk-norm")
    @CsvSource({"0.0, GELU", "0.25, RELU2"})
    void withQkNormAnalyticGradientsMatchFiniteDifferences(double dropout, Activation activation) {
        ModelConfig config = new ModelConfig(5, 2, 2, 4, 4, dropout, activation, false, true);
        MultiLayerNetwork network = TinyModels.network(config, new NoOp(), 7, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 11, 0.5);
        // Gains around 1.5: random ones near 0 flatten the attention and leave the gains' own gradients near 0.
        TinyGpt.peakedQkNormGains(network, 12);
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 13, DataType.DOUBLE);
        assertGradientsMatch(network, batch);
        Map<String, INDArray> gradients = gradients(network, batch);
        for (int block = 0; block < config.layers(); block++) {
            for (String gain : new String[]{CausalSelfAttentionBlock.QUERY_GAIN, CausalSelfAttentionBlock.KEY_GAIN}) {
                String key = GptNetwork.paramKey(GptNetwork.blockLayer(block), gain);
                assertTrue(gradients.get(key).amaxNumber().doubleValue() > 1e-5, key + " is checked with a real gradient");
            }
        }
    }

    /**
     * A zero-init network as it starts: its head is zero, so only the head's gradient is non-zero (the
     * logits do not depend on anything before it yet). The first step moves the head alone.
     */
    @Test
    void aZeroInitNetworkAsItStarts() {
        ModelConfig config = new ModelConfig(5, 2, 2, 4, 4, 0.0, Activation.RELU2, true);
        MultiLayerNetwork network = TinyModels.network(config, new NoOp(), 7, DataType.DOUBLE);
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 13, DataType.DOUBLE);
        assertGradientsMatch(network, batch);
        String head = GptNetwork.paramKey(GptNetwork.headLayer(config.layers()), LanguageModelHead.HEAD_WEIGHT);
        gradients(network, batch).forEach((key, gradient) -> {
            double largest = gradient.amaxNumber().doubleValue();
            if (key.equals(head)) {
                assertTrue(largest > 1e-3, key + " learns first: " + largest);
            } else {
                assertEquals(0.0, largest, 0.0, key + " waits until the head is non-zero");
            }
        });
    }

    /**
     * Zero residual projections under a non-zero head and random everything else (a zero-init network
     * after its first steps): the projections that are still zero get non-zero gradients, and they
     * agree with finite differences.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Activation.class)
    void zeroResidualProjectionsGetGradients(Activation activation) {
        ModelConfig config = new ModelConfig(5, 2, 2, 4, 4, 0.0, activation, true);
        MultiLayerNetwork network = TinyModels.network(config, new NoOp(), 7, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 11, 0.5);
        List<String> zeroed = new ArrayList<>();
        for (int block = 0; block < config.layers(); block++) {
            zeroed.add(GptNetwork.paramKey(GptNetwork.blockLayer(block), CausalSelfAttentionBlock.PROJ_WEIGHT));
            zeroed.add(GptNetwork.paramKey(GptNetwork.blockLayer(block), CausalSelfAttentionBlock.FC2_WEIGHT));
        }
        zeroed.forEach(key -> network.getParam(key).assign(0));
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 13, DataType.DOUBLE);
        assertGradientsMatch(network, batch);
        Map<String, INDArray> gradients = gradients(network, batch);
        for (String key : zeroed) {
            assertTrue(gradients.get(key).amaxNumber().doubleValue() > 1e-3, key + ": " + gradients.get(key).amaxNumber());
        }
    }

    /** The gradient of the summed loss, by parameter key, from the training step's one graph. */
    private static Map<String, INDArray> gradients(MultiLayerNetwork network, DataSet batch) {
        OneGraphStep step = new OneGraphStep(network, 0);
        step.computeGradient(batch);
        Map<String, INDArray> copies = new LinkedHashMap<>();
        step.gradientTable().forEach((key, gradient) -> copies.put(key, gradient.dup()));
        return copies;
    }

    private static void assertGradientsMatch(MultiLayerNetwork network, DataSet batch) {
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(network)
                .input(batch.getFeatures())
                .labels(batch.getLabels())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
        assertTrue(ok, "gradient check failed; see the log for the parameters that disagree");
    }
}
