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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N workers take the same step as one worker on the whole batch: same losses, gradient norms,
 * weights and Adam state, to float rounding (checked in double precision, with dropout and
 * clipping on), and a run on N workers is bit-identical to itself.
 */
@ExtendWith(DoublePrecision.class)
class DataParallelStepTest {
    private static final ModelConfig CONFIG = new ModelConfig(7, 2, 2, 8, 6, 0.25);
    private static final OptimizerConfig OPTIMIZER = new OptimizerConfig(3e-2, 3e-3, 2, 6, 0.1, 0.9, 0.99, 0.5);

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {2, 3, 5})
    void nWorkersTakeTheStepOfOneWorkerOnTheWholeBatch(int workers) {
        MultiLayerNetwork one = GptNetwork.create(CONFIG, OPTIMIZER, 11, DataType.DOUBLE);
        MultiLayerNetwork many = GptNetwork.create(CONFIG, OPTIMIZER, 11, DataType.DOUBLE);
        boolean clipped = false;
        try (OneGraphStep single = new OneGraphStep(one, OPTIMIZER.gradClip());
             DataParallelStep parallel = new DataParallelStep(many, OPTIMIZER.gradClip(), workers)) {
            for (int i = 0; i < 5; i++) {
                DataSet batch = TinyModels.batch(5, CONFIG.blockSize(), CONFIG.vocabSize(), 30 + i, DataType.DOUBLE);
                double expected = single.fit(batch);
                assertEquals(expected, parallel.fit(batch), 1e-12, "loss at step " + i);
                assertEquals(single.lastGradientNorm(), parallel.lastGradientNorm(), 1e-10 * single.lastGradientNorm(),
                        "gradient norm at step " + i);
                clipped |= single.lastGradientNorm() > OPTIMIZER.gradClip();
                assertClose(one.params(), many.params(), "weights after step " + (i + 1));
                assertClose(one.getUpdater().getStateViewArray(), many.getUpdater().getStateViewArray(),
                        "Adam state after step " + (i + 1));
            }
        }
        assertEquals(one.getIterationCount(), many.getIterationCount());
        assertTrue(clipped, "the test must exercise clipping");
    }

    @Test
    void aRunOnTwoWorkersIsBitIdenticalToItself() {
        float[][] finals = new float[2][];
        for (int run = 0; run < 2; run++) {
            MultiLayerNetwork network = GptNetwork.create(CONFIG, OPTIMIZER, 3, DataType.FLOAT);
            try (DataParallelStep step = new DataParallelStep(network, OPTIMIZER.gradClip(), 2)) {
                for (int i = 0; i < 4; i++) {
                    step.fit(TinyModels.batch(4, CONFIG.blockSize(), CONFIG.vocabSize(), i, DataType.FLOAT));
                }
            }
            finals[run] = network.params().data().asFloat();
        }
        assertArrayEquals(finals[0], finals[1]);
    }

    @Test
    void theBatchIsSplitIntoNearEqualContiguousShares() {
        assertArrayEquals(new long[] {0, 6}, DataParallelStep.rows(0, 2, 12));
        assertArrayEquals(new long[] {6, 12}, DataParallelStep.rows(1, 2, 12));
        assertArrayEquals(new long[] {0, 1}, DataParallelStep.rows(0, 3, 5));
        assertArrayEquals(new long[] {3, 5}, DataParallelStep.rows(2, 3, 5));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-10 * Math.max(1, Math.abs(e[i])), what + " [" + i + "]");
        }
    }
}
