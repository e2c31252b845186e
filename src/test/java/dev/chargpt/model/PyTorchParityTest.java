package dev.chargpt.model;

import dev.chargpt.step.OneGraphStep;
import dev.chargpt.optim.GlobalNormClipping;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.fixture.DoublePrecision;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * chargpt's network against our PyTorch implementation of the same model and training step
 * ({@code benchmarks/reference/model.py}), through a fixture that
 * {@code benchmarks/reference/make_fixture.py} wrote: a small model's weights (every parameter
 * random, LayerNorm gains and biases included), one batch, and PyTorch's logits, loss, gradients and
 * parameters after three optimizer steps, all in float64. No Python is needed to run this test.
 *
 * <p>Tolerances: logits and loss absolute 1e-5; gradients relative 1e-4 ({@code |a - b| <= 1e-4 |b|
 * + 1e-9}, the 1e-9 only matters for entries that are zero or nearly so); parameters after the
 * optimizer steps absolute 1e-8 (they are of order 0.3, the steps of order 1e-2). Both sides compute
 * in double, so real agreement shows errors near 1e-12: anything near a tolerance is a difference
 * between the models, not rounding.
 *
 * <p>Training runs through {@link OneGraphStep}, so that is what is checked. The gradient compared
 * is the one DL4J's updater applies: {@link OneGraphStep#computeGradient} leaves the gradient of the
 * SUM over the batch of each window's mean loss (the head returns that sum, and DL4J's updater
 * divides by the minibatch size before Adam sees it), so it is divided by the batch size here.
 *
 * <p>The fixture holds two sets of expected values. "pytorch" uses {@code nn.LayerNorm(eps=1e-5)},
 * as nanoGPT and as chargpt builds its networks. "chargptLayerNorm" uses eps 0, what networks saved
 * before chargpt's LayerNorm had an epsilon compute (DL4J 1.0.0-M2.1's {@code sd.nn().layerNorm} has
 * none); they load with eps 0. Everything (embedding, fused qkv and its split, causal attention,
 * exact GELU, LayerNorm, head, loss, gradient, AdamW, schedule, the set of decayed parameters) is
 * checked against both.
 *
 * <p>A second fixture, {@code tiny-gpt-relu2.json}, holds the same weights and batch with the MLP's
 * activation ReLU squared ({@code train --activation relu2}) and PyTorch's LayerNorm only.
 *
 * <p>{@code tiny-gpt-qknorm.json} holds the same weights and batch with QK-norm ({@code train --qk-norm}),
 * plus each block's query and key gains (drawn around 1.5), and PyTorch's LayerNorm only: the
 * normalisation, the gains, their gradients and their AdamW steps (without weight decay) are checked.
 *
 * <p>{@code tiny-gpt-zeroinit.json} holds no weights: zero-init ({@code train --zero-init}) changes the
 * starting weights, not the maths, so it records which parameters PyTorch's initialisation leaves at
 * exactly zero, with {@code zero_init} and without.
 */
@ExtendWith(DoublePrecision.class)
class PyTorchParityTest {
    private static final String FIXTURE = "/parity/tiny-gpt.json";
    /** The same weights and batch with the MLP's activation ReLU squared (make_fixture.py --activation relu2). */
    private static final String RELU2_FIXTURE = "/parity/tiny-gpt-relu2.json";
    /** The parameters PyTorch's initialisation leaves at zero, with and without zero_init (make_fixture.py --zero-init). */
    private static final String ZERO_INIT_FIXTURE = "/parity/tiny-gpt-zeroinit.json";
    /** The same weights and batch with QK-norm, plus its gains (make_fixture.py --qk-norm). */
    private static final String QK_NORM_FIXTURE = "/parity/tiny-gpt-qknorm.json";
    private static final double LOGIT_TOLERANCE = 1e-5;
    private static final double GRADIENT_RELATIVE_TOLERANCE = 1e-4;
    private static final double GRADIENT_ABSOLUTE_FLOOR = 1e-9;
    private static final double STEP_TOLERANCE = 1e-8;

    private static JsonNode fixture;
    private static JsonNode relu2Fixture;
    private static JsonNode zeroInitFixture;
    private static JsonNode qkNormFixture;

    @BeforeAll
    static void readFixtures() throws IOException {
        fixture = read(FIXTURE);
        relu2Fixture = read(RELU2_FIXTURE);
        zeroInitFixture = read(ZERO_INIT_FIXTURE);
        qkNormFixture = read(QK_NORM_FIXTURE);
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = PyTorchParityTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource + " (benchmarks/reference/make_fixture.py writes it)");
            return new ObjectMapper().readTree(in);
        }
    }

    /** chargpt's model as it is built now: LayerNorm with PyTorch's epsilon 1e-5, as nanoGPT. */
    @Test
    void matchesPyTorch() {
        JsonNode expected = fixture.get("expected").get("pytorch");
        assertEquals(GptNetwork.LAYER_NORM_EPSILON, expected.get("layerNormEps").asDouble());
        assertEquals(Activation.GELU, config(fixture).activation());
        checkForwardAndBackward(fixture, expected, GptNetwork.LAYER_NORM_EPSILON);
        checkOptimizerSteps(fixture, expected, GptNetwork.LAYER_NORM_EPSILON);
    }

    /** A model with {@code --activation relu2}: the MLP is relu(x)^2, PyTorch's {@code F.relu(x).square()}. */
    @Test
    void matchesPyTorchWithReluSquared() {
        JsonNode expected = relu2Fixture.get("expected").get("pytorch");
        assertEquals(GptNetwork.LAYER_NORM_EPSILON, expected.get("layerNormEps").asDouble());
        assertEquals(Activation.RELU2, config(relu2Fixture).activation());
        checkForwardAndBackward(relu2Fixture, expected, GptNetwork.LAYER_NORM_EPSILON);
        checkOptimizerSteps(relu2Fixture, expected, GptNetwork.LAYER_NORM_EPSILON);
    }

    /**
     * A model with {@code --qk-norm}: each head's query and key RMS-normalised (PyTorch:
     * {@code x * rsqrt(mean(x^2) + 1e-5) * gain}) before the scores.
     */
    @Test
    void matchesPyTorchWithQkNorm() {
        JsonNode expected = qkNormFixture.get("expected").get("pytorch");
        assertEquals(GptNetwork.LAYER_NORM_EPSILON, expected.get("layerNormEps").asDouble());
        assertTrue(config(qkNormFixture).qkNorm());
        assertEquals(Activation.GELU, config(qkNormFixture).activation());
        checkForwardAndBackward(qkNormFixture, expected, GptNetwork.LAYER_NORM_EPSILON);
        checkOptimizerSteps(qkNormFixture, expected, GptNetwork.LAYER_NORM_EPSILON);
    }

    /**
     * A freshly built network holds exactly the zeros PyTorch's does: with zero-init, each block's
     * attention output projection and MLP output matrix, and the head, besides every bias and
     * LayerNorm bias; without it, only those biases. Every parameter has PyTorch's shape.
     */
    @Test
    void zeroInitStartsAtTheZerosPyTorchStartsAt() {
        ModelConfig config = config(zeroInitFixture);
        assertTrue(config.zeroInit());
        JsonNode zeros = zeroInitFixture.get("initialZeros");
        for (boolean zeroInit : new boolean[]{false, true}) {
            MultiLayerNetwork network = GptNetwork.create(config.withZeroInit(zeroInit), new NoOp(), 0.0, 1, DataType.DOUBLE);
            List<String> chargptZeros = new ArrayList<>();
            Map<String, INDArray> table = network.paramTable();
            assertEquals(zeroInitFixture.get("shapes").size(), table.size(), "parameters: chargpt has " + table.keySet());
            for (Iterator<String> keys = zeroInitFixture.get("shapes").fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                INDArray param = table.get(key);
                assertNotNull(param, "chargpt has no parameter " + key);
                long[] shape = new long[zeroInitFixture.get("shapes").get(key).size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = zeroInitFixture.get("shapes").get(key).get(i).asLong();
                }
                assertArrayEquals(shape, param.shape(), "shape (layout) of " + key);
                if (param.amaxNumber().doubleValue() == 0) {
                    chargptZeros.add(key);
                }
            }
            List<String> pytorchZeros = new ArrayList<>();
            zeros.get(zeroInit ? "zeroInit" : "default").forEach(key -> pytorchZeros.add(key.asText()));
            assertEquals(pytorchZeros, chargptZeros, zeroInit ? "with zero-init" : "without zero-init");
        }
    }

    /**
     * Networks saved before chargpt's LayerNorm had an epsilon load with 0 (DL4J's
     * {@code sd.nn().layerNorm} had none) and must still compute what they did: PyTorch with eps 0.
     */
    @Test
    void matchesPyTorchWithoutEpsilonAsOldCheckpointsCompute() {
        JsonNode expected = fixture.get("expected").get("chargptLayerNorm");
        assertEquals(0.0, expected.get("layerNormEps").asDouble());
        checkForwardAndBackward(fixture, expected, 0.0);
        checkOptimizerSteps(fixture, expected, 0.0);
    }

    /**
     * Clipping at the global norm must act on the gradient of the mean loss, as
     * {@code torch.nn.utils.clip_grad_norm_} does in nanoGPT. With SGD at learning rate 1 the step is
     * the clipped gradient itself. GlobalNormClipping sees DL4J's gradient before the updater divides
     * it by the minibatch size, i.e. batch x the mean-loss gradient, so it clips batch times too early
     * (at 1/12 of the threshold for cpu-small, 1/64 for gpu-baby).
     */
    @Test
    void globalNormClippingClipsTheMeanLossGradientLikePyTorch() {
        JsonNode expected = fixture.get("expected").get("pytorch");
        double clip = 0.1;
        double norm = expected.get("gradientNorm").asDouble();
        assertTrue(norm > clip, "the fixture's gradient must be large enough to be clipped");
        MultiLayerNetwork network = network(fixture, new Sgd(1.0), GptNetwork.LAYER_NORM_EPSILON);
        OneGraphStep step = new OneGraphStep(network, clip);
        Map<String, INDArray> before = copy(network.paramTable());
        step.fit(batch(fixture));
        double scale = clip / (norm + 1e-6);
        Map<String, INDArray> after = network.paramTable();
        List<String> mismatches = new ArrayList<>();
        JsonNode gradients = expected.get("gradients");
        for (Iterator<String> keys = gradients.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            INDArray applied = before.get(key).sub(after.get(key));
            compareRelative(key, applied, tensor(gradients.get(key)).muli(scale), mismatches);
        }
        assertTrue(mismatches.isEmpty(), "clipped step differs from PyTorch's (GlobalNormClipping saw norm "
                + step.lastGradientNorm() + ", the mean loss's gradient has " + norm + "):\n" + String.join("\n", mismatches));
        assertEquals(norm, step.lastGradientNorm(), 1e-9 * norm, "norm of the gradient of the mean loss");
    }

    private void checkForwardAndBackward(JsonNode fixture, JsonNode expected, double layerNormEpsilon) {
        MultiLayerNetwork network = network(fixture, new NoOp(), layerNormEpsilon);
        DataSet batch = batch(fixture);
        int batchSize = (int) batch.getFeatures().size(0);

        OneGraphStep step = new OneGraphStep(network, 0);
        double loss = step.computeGradient(batch) / batchSize;
        assertEquals(expected.get("loss").asDouble(), loss, LOGIT_TOLERANCE, "loss (mean cross-entropy per character, nats)");

        Map<String, INDArray> gradient = step.gradientTable();
        List<String> mismatches = new ArrayList<>();
        double worst = 0;
        JsonNode gradients = expected.get("gradients");
        assertEquals(network.paramTable().size(), gradients.size(), "number of parameters with a gradient");
        for (Iterator<String> keys = gradients.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            INDArray summed = gradient.get(key);
            assertNotNull(summed, "no gradient for " + key);
            worst = Math.max(worst, compareRelative(key, summed.div(batchSize), tensor(gradients.get(key)), mismatches));
        }

        INDArray logits = network.output(batch.getFeatures());
        INDArray expectedLogits = tensor(expected.get("logits"));
        assertArrayEquals(expectedLogits.shape(), logits.shape(), "logits shape");
        double logitError = logits.sub(expectedLogits).amaxNumber().doubleValue();
        System.out.printf(Locale.ROOT, "PyTorch parity (LayerNorm eps %s): loss %.15f vs %.15f, max logit error %.3g, "
                        + "worst gradient relative error %.3g%n", expected.get("layerNormEps").asText(), loss,
                expected.get("loss").asDouble(), logitError, worst);
        assertTrue(mismatches.isEmpty(), "gradients differ from PyTorch's:\n" + String.join("\n", mismatches));
        assertTrue(logitError <= LOGIT_TOLERANCE, "logits differ from PyTorch's by up to " + logitError);
    }

    /** AdamW (DL4J's Adam plus decoupled weight decay on weight params), warmup+cosine, no clipping. */
    private void checkOptimizerSteps(JsonNode fixture, JsonNode expected, double layerNormEpsilon) {
        JsonNode o = fixture.get("optimizer");
        OptimizerConfig optimizer = new OptimizerConfig(o.get("learningRate").asDouble(), o.get("minLearningRate").asDouble(),
                o.get("warmupSteps").asInt(), o.get("decaySteps").asInt(), o.get("weightDecay").asDouble(),
                o.get("beta1").asDouble(), o.get("beta2").asDouble(), o.get("gradClip").asDouble());
        MultiLayerNetwork network = GptNetwork.create(config(fixture), optimizer, 1, DataType.DOUBLE);
        setLayerNormEpsilon(network, layerNormEpsilon);
        loadParams(fixture, network);
        DataSet batch = batch(fixture);
        OneGraphStep step = new OneGraphStep(network, optimizer.gradClip());
        for (int i = 0; i < o.get("steps").asInt(); i++) {
            step.fit(batch);
        }
        List<String> mismatches = new ArrayList<>();
        double worst = 0;
        JsonNode after = expected.get("paramsAfterSteps");
        for (Iterator<String> keys = after.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            double[] a = network.getParam(key).dup('c').data().asDouble();
            double[] e = tensor(after.get(key)).data().asDouble();
            double keyWorst = 0;
            int at = 0;
            for (int i = 0; i < e.length; i++) {
                double error = Math.abs(a[i] - e[i]);
                if (error > keyWorst) {
                    keyWorst = error;
                    at = i;
                }
            }
            worst = Math.max(worst, keyWorst);
            if (keyWorst > STEP_TOLERANCE) {
                mismatches.add(String.format(Locale.ROOT, "%s: error %.3g at flat index %d (chargpt %.12g, PyTorch %.12g)",
                        key, keyWorst, at, a[at], e[at]));
            }
        }
        System.out.printf(Locale.ROOT, "PyTorch parity (LayerNorm eps %s): parameters after %d AdamW steps, worst error %.3g%n",
                expected.get("layerNormEps").asText(), o.get("steps").asInt(), worst);
        assertTrue(mismatches.isEmpty(), "parameters after the optimizer steps differ from PyTorch's:\n"
                + String.join("\n", mismatches));
    }

    private static double compareRelative(String key, INDArray actual, INDArray expected, List<String> mismatches) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape of " + key);
        double[] a = actual.dup('c').data().asDouble();
        double[] e = expected.dup('c').data().asDouble();
        double worst = 0;
        int at = 0;
        for (int i = 0; i < e.length; i++) {
            double relative = Math.abs(a[i] - e[i]) / (Math.abs(e[i]) + GRADIENT_ABSOLUTE_FLOOR / GRADIENT_RELATIVE_TOLERANCE);
            if (relative > worst) {
                worst = relative;
                at = i;
            }
        }
        if (worst > GRADIENT_RELATIVE_TOLERANCE) {
            mismatches.add(String.format(Locale.ROOT, "%s: relative error %.3g at flat index %d (chargpt %.10g, PyTorch %.10g)",
                    key, worst, at, a[at], e[at]));
        }
        return worst;
    }

    /** The fixture's model; one without an "activation" (the GELU fixture) is GELU, one without "zeroInit" or "qkNorm" has it off. */
    private static ModelConfig config(JsonNode fixture) {
        JsonNode c = fixture.get("config");
        Activation activation = c.has("activation") ? Activation.fromCliName(c.get("activation").asText()) : Activation.GELU;
        return new ModelConfig(c.get("vocabSize").asInt(), c.get("layers").asInt(), c.get("heads").asInt(),
                c.get("width").asInt(), c.get("blockSize").asInt(), c.get("dropout").asDouble(), activation,
                c.has("zeroInit") && c.get("zeroInit").asBoolean(), c.has("qkNorm") && c.get("qkNorm").asBoolean());
    }

    private static MultiLayerNetwork network(JsonNode fixture, org.nd4j.linalg.learning.config.IUpdater updater, double layerNormEpsilon) {
        MultiLayerNetwork network = GptNetwork.create(config(fixture), updater, 0.0, 1, DataType.DOUBLE);
        setLayerNormEpsilon(network, layerNormEpsilon);
        loadParams(fixture, network);
        return network;
    }

    /** Before the network's first use, which is when its layers define their graphs. */
    private static void setLayerNormEpsilon(MultiLayerNetwork network, double epsilon) {
        int blocks = GptNetwork.blockCount(network);
        for (int block = 0; block < blocks; block++) {
            ((CausalSelfAttentionBlock) network.getLayer(GptNetwork.blockLayer(block)).conf().getLayer()).setLayerNormEpsilon(epsilon);
        }
        ((LanguageModelHead) network.getLayer(GptNetwork.headLayer(blocks)).conf().getLayer()).setLayerNormEpsilon(epsilon);
    }

    private static void loadParams(JsonNode fixture, MultiLayerNetwork network) {
        Map<String, INDArray> table = network.paramTable();
        JsonNode params = fixture.get("params");
        assertEquals(table.size(), params.size(), "parameters: chargpt has " + table.keySet());
        for (Iterator<String> keys = params.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            INDArray param = table.get(key);
            assertNotNull(param, "chargpt has no parameter " + key);
            INDArray value = tensor(params.get(key));
            assertArrayEquals(value.shape(), param.shape(), "shape (layout) of " + key);
            param.assign(value);
        }
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static DataSet batch(JsonNode fixture) {
        return new DataSet(ids(fixture.get("features")), ids(fixture.get("labels")));
    }

    private static INDArray tensor(JsonNode node) {
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode dataNode = node.get("data");
        double[] data = new double[dataNode.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = dataNode.get(i).asDouble();
        }
        return Nd4j.create(data, shape, 'c');
    }

    private static INDArray ids(JsonNode rows) {
        double[][] values = new double[rows.size()][];
        for (int b = 0; b < values.length; b++) {
            values[b] = new double[rows.get(b).size()];
            for (int t = 0; t < values[b].length; t++) {
                values[b][t] = rows.get(b).get(t).asInt();
            }
        }
        return Nd4j.createFromArray(values);
    }
}
