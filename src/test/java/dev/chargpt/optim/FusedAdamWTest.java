package dev.chargpt.optim;

import dev.chargpt.model.GptNetwork;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link FusedAdamW} computes what DL4J's updater computes for the network GptNetwork builds. */
class FusedAdamWTest {
    private static final ModelConfig MODEL = new ModelConfig(11, 2, 2, 8, 8, 0.0);

    /** Double precision takes the whole-array ops, on every backend. */
    @Test
    void givesDl4jsUpdateAndStateStepAfterStepInDoublePrecision() {
        assertSameAsDl4j(DataType.DOUBLE, 1e-12, AdamWHostPass.CHUNK);
    }

    /** 0: the whole-array ops (the CUDA path); 100: the host pass with decay runs across chunk borders. */
    @ParameterizedTest(name = "host chunk {0}")
    @ValueSource(ints = {0, 100, AdamWHostPass.CHUNK})
    void givesDl4jsUpdateAndStateStepAfterStepInSinglePrecision(int hostChunk) {
        // DL4J forms the bias-corrected step size in float with libnd4j's powf; Java's pow can differ in
        // the last bit, so a few ulps of difference are allowed, not more.
        assertSameAsDl4j(DataType.FLOAT, 2e-6, hostChunk);
    }

    @Test
    void usesTheHostPassOnTheCpuBackend() {
        MultiLayerNetwork network = GptNetwork.create(MODEL, new OptimizerConfig(3e-2, 3e-3, 2, 6, 0.3, 0.9, 0.99, 1.0), 5,
                DataType.FLOAT);
        assertTrue(FusedAdamW.forNetwork(network).usesHostPass());
        assertFalse(FusedAdamW.forNetwork(network, 0).usesHostPass());
    }

    @Test
    void leavesNetworksWithAnotherUpdaterToDl4j() {
        MultiLayerNetwork sgd = GptNetwork.create(MODEL, new Sgd(0.1), 0.1, 3, DataType.FLOAT);
        assertNull(FusedAdamW.forNetwork(sgd));
    }

    private static void assertSameAsDl4j(DataType type, double tolerance, int hostChunk) {
        // Weight decay 0.3 (on weights only: a mask that also decayed LayerNorm gains would differ from DL4J)
        // and a schedule with warm-up: every term of the update is exercised.
        OptimizerConfig optimizer = new OptimizerConfig(3e-2, 3e-3, 2, 6, 0.3, 0.9, 0.99, 1.0);
        MultiLayerNetwork fused = GptNetwork.create(MODEL, optimizer, 5, type);
        MultiLayerNetwork dl4j = GptNetwork.create(MODEL, optimizer, 5, type);
        fused.initGradientsView();
        dl4j.initGradientsView();
        FusedAdamW adamW = FusedAdamW.forNetwork(fused, hostChunk);
        assertNotNull(adamW);
        int batch = 3;
        for (int iteration = 0; iteration < 8; iteration++) {
            Nd4j.getRandom().setSeed(100 + iteration);
            INDArray summedGradient = Nd4j.randn(type, fused.params().shape()).muli(batch * 0.05);
            fused.getGradientsViewArray().assign(summedGradient);
            dl4j.getGradientsViewArray().assign(summedGradient);

            adamW.update(iteration, 0, batch);
            dl4j.getUpdater().update(dl4j, new DefaultGradient(dl4j.getGradientsViewArray()), iteration, 0, batch,
                    LayerWorkspaceMgr.noWorkspaces());

            assertClose(dl4j.getGradientsViewArray(), fused.getGradientsViewArray(), tolerance, "update", iteration);
            assertClose(dl4j.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray(), tolerance,
                    "m and v", iteration);
            fused.params().subi(fused.getGradientsViewArray().reshape(fused.params().shape()));
            dl4j.params().subi(dl4j.getGradientsViewArray().reshape(dl4j.params().shape()));
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what, int iteration) {
        double scale = Math.max(1e-30, expected.amaxNumber().doubleValue());
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertEquals(0.0, difference / scale, tolerance, what + " at iteration " + iteration);
    }
}
