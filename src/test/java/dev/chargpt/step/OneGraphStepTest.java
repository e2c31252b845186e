package dev.chargpt.step;

import dev.chargpt.fixture.TinyModels;

import dev.chargpt.model.GptNetwork;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.fixture.DoublePrecision;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-graph training step against DL4J's layer-by-layer path on the same network. The layered
 * path's gradients are proven by {@link GradientCheckTest} (finite differences), so equality here,
 * in double precision, carries that proof over to the step the training loop runs.
 */
@ExtendWith(DoublePrecision.class)
class OneGraphStepTest {
    private static final double RELATIVE = 1e-9;

    @ParameterizedTest(name = "dropout {0}")
    @ValueSource(doubles = {0.0, 0.25})
    void gradientAndLossEqualTheLayeredPath(double dropout) {
        ModelConfig config = new ModelConfig(7, 2, 2, 8, 6, dropout);
        MultiLayerNetwork network = TinyModels.network(config, new NoOp(), 3, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 5, 0.5);
        network.setIterationCount(4); // dropout masks derive from the iteration: not only step 0
        DataSet batch = TinyModels.batch(3, config.blockSize(), config.vocabSize(), 9, DataType.DOUBLE);

        network.setInput(batch.getFeatures());
        network.setLabels(batch.getLabels());
        network.computeGradientAndScore();
        double layeredLoss = network.score();
        Map<String, INDArray> layered = copy(network.gradient().gradientForVariable());

        OneGraphStep step = new OneGraphStep(network, 0);
        double loss = step.computeGradient(batch) / batch.numExamples();
        assertEquals(layeredLoss, loss, 1e-12, "loss");
        Map<String, INDArray> fused = step.gradientTable();
        assertEquals(layered.keySet(), fused.keySet(), "parameters with a gradient");
        for (String key : layered.keySet()) {
            assertClose(layered.get(key), fused.get(key), key);
        }
    }

    /** The same updater, schedule, weight decay and clipping as DL4J's own fit, step after step. */
    @Test
    void stepsEqualTheLayerByLayerStepWithAdamWScheduleAndClipping() {
        ModelConfig config = new ModelConfig(7, 2, 2, 8, 6, 0.1);
        OptimizerConfig optimizer = new OptimizerConfig(3e-2, 3e-3, 2, 6, 0.1, 0.9, 0.99, 0.5);
        MultiLayerNetwork layered = GptNetwork.create(config, optimizer, 11, DataType.DOUBLE);
        MultiLayerNetwork fused = GptNetwork.create(config, optimizer, 11, DataType.DOUBLE);
        assertEquals(layered.params(), fused.params(), "same seed, same initial weights");
        LayerByLayerStep layeredStep = new LayerByLayerStep(layered, optimizer.gradClip());
        OneGraphStep step = new OneGraphStep(fused, optimizer.gradClip());
        boolean clipped = false;
        for (int i = 0; i < 5; i++) {
            DataSet batch = TinyModels.batch(4, config.blockSize(), config.vocabSize(), 20 + i, DataType.DOUBLE);
            double layeredLoss = layeredStep.fit(batch);
            double loss = step.fit(batch);
            assertEquals(layeredLoss, loss, 1e-12, "data loss at step " + i + " (without the weight-decay penalty)");
            clipped |= step.lastGradientNorm() > optimizer.gradClip();
            assertEquals(layeredStep.lastGradientNorm(), step.lastGradientNorm(), 1e-9 * layeredStep.lastGradientNorm(),
                    "norm at step " + i);
            assertClose(layered.params(), fused.params(), "parameters after step " + (i + 1));
            assertClose(layered.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray(),
                    "Adam state after step " + (i + 1));
        }
        assertEquals(layered.getIterationCount(), fused.getIterationCount(), "iteration count");
        assertTrue(clipped, "the test must exercise clipping");
    }

    @Test
    void theSameSeedGivesTheSameRunAndTheStepChangesTheWeights() {
        ModelConfig config = new ModelConfig(9, 2, 2, 8, 6, 0.2);
        OptimizerConfig optimizer = new OptimizerConfig(1e-2, 1e-3, 1, 10, 0.1, 0.9, 0.99, 1.0);
        INDArray[] finals = new INDArray[2];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork network = GptNetwork.create(config, optimizer, 2, DataType.FLOAT);
            INDArray initial = network.params().dup();
            OneGraphStep step = new OneGraphStep(network, optimizer.gradClip());
            for (int i = 0; i < 3; i++) {
                step.fit(TinyModels.batch(2, config.blockSize(), config.vocabSize(), i, DataType.FLOAT));
            }
            assertNotEquals(initial, network.params(), "a step must change the weights");
            finals[run] = network.params().dup();
        }
        assertEquals(finals[0], finals[1], "bit-identical for the same seed");
    }

    @Test
    void theOneGraphIsChosenWhereItsMemoryFits() {
        ModelConfig small = new ModelConfig(65, 4, 4, 128, 64, 0.0);
        MultiLayerNetwork network = GptNetwork.create(small, new OptimizerConfig(1e-3, 1e-4, 1, 10, 0.1, 0.9, 0.99, 1.0), 1);
        OneGraphMemory cpuSmall = OneGraphMemory.of(network, 12);
        // measured: the step's workspace held 313.6 MB (2026-11) and 299 MB (2026-12-02) on 12 windows of cpu-small
        assertTrue(cpuSmall.estimatedBytes() > 0.98 * 299e6 && cpuSmall.estimatedBytes() < 1.05 * 313.6e6, cpuSmall.describe());
        assertTrue(new OneGraphMemory(cpuSmall.estimatedBytes(), 8_000_000_000L, "physical memory").fits());
        assertFalse(new OneGraphMemory(cpuSmall.estimatedBytes(), 1_000_000_000L, "physical memory").fits(),
                "more than a quarter of the device");
        // gpu-baby (6 x 6 x 384, block 256, batch 64): about 33 GB, killed for memory on a 24 GB machine
        ModelConfig baby = new ModelConfig(65, 6, 6, 384, 256, 0.2);
        MultiLayerNetwork big = GptNetwork.create(baby, new OptimizerConfig(1e-3, 1e-4, 1, 10, 0.1, 0.9, 0.99, 1.0), 1);
        OneGraphMemory gpuBaby = OneGraphMemory.of(big, 64);
        assertTrue(gpuBaby.estimatedBytes() > 30e9, gpuBaby.describe());
        assertFalse(new OneGraphMemory(gpuBaby.estimatedBytes(), 24_000_000_000L, "physical memory").fits());
        assertTrue(TrainingStep.forNetwork(network, 1.0, 12, 1) instanceof OneGraphStep, "cpu-small trains as one graph here");
        assertTrue(TrainingStep.explainChoice(network, 12, 1).startsWith("one graph (one forward and one backward pass), one worker; one graph would keep"),
                TrainingStep.explainChoice(network, 12, 1));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        double error = expected.reshape(expected.length()).sub(actual.reshape(actual.length())).amaxNumber().doubleValue();
        assertTrue(error <= RELATIVE * scale, what + ": differs by " + error + " (largest value " + scale + ")");
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
