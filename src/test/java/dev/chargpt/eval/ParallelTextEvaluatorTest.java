package dev.chargpt.eval;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.fixture.TinyModels;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Validation on several threads gives one thread's loss, over exactly the same characters. */
class ParallelTextEvaluatorTest {
    private static final ModelConfig MODEL = new ModelConfig(7, 2, 2, 8, 6, 0.0);

    private static int[] text(int length) {
        Random random = new Random(11);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = random.nextInt(MODEL.vocabSize());
        }
        return ids;
    }

    @Test
    void twoThreadsScoreWhatOneThreadScores() {
        MultiLayerNetwork network = TinyModels.network(MODEL, new Adam(1e-3), 3, DataType.DOUBLE);
        TinyModels.randomizeParameters(network, 5, 0.5);
        int[] ids = text(200); // 34 windows of 6, the last one partial
        EvaluationResult one = new TextEvaluator(new OneGraphLogits(network), 4).evaluate(ids);
        long[] some = {0, 3, 4, 9, 20, 33};
        EvaluationResult oneSome = new TextEvaluator(new OneGraphLogits(network), 4).evaluateWindows(ids, some);
        try (ParallelTextEvaluator two = new ParallelTextEvaluator(() -> new OneGraphLogits(network), 2, 4)) {
            EvaluationResult whole = two.evaluate(ids);
            assertEquals(one.charactersScored(), whole.charactersScored());
            assertEquals(199, whole.charactersScored());
            assertEquals(one.meanNats(), whole.meanNats(), 1e-12);
            assertEquals(whole.meanNats(), two.evaluate(ids).meanNats(), 0.0, "the same number every time");
            EvaluationResult twoSome = two.evaluateWindows(ids, some);
            assertEquals(oneSome.charactersScored(), twoSome.charactersScored());
            assertEquals(oneSome.meanNats(), twoSome.meanNats(), 1e-12);
            assertEquals(new TextEvaluator(new OneGraphLogits(network), 4).evaluateWindows(ids, new long[]{5}).meanNats(),
                    two.evaluateWindows(ids, new long[]{5}).meanNats(), 1e-12, "fewer windows than threads");
        }
    }

    @Test
    void aBadIdFailsAsOnOneThread() {
        MultiLayerNetwork network = TinyModels.network(MODEL, new Adam(1e-3), 3, DataType.FLOAT);
        try (ParallelTextEvaluator two = new ParallelTextEvaluator(() -> new OneGraphLogits(network), 2, 4)) {
            int[] ids = text(50);
            ids[30] = 99;
            assertThrows(IllegalArgumentException.class, () -> two.evaluate(ids));
            assertThrows(BadInputException.class, () -> two.evaluate(new int[]{3}), "one character: nothing to predict");
        }
    }
}
