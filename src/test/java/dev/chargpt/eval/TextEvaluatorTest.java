package dev.chargpt.eval;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.fixture.TinyGpt;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextEvaluatorTest {
    private static final ModelConfig SMALL = new ModelConfig(7, 1, 2, 8, 4, 0.0);

    private static INDArray window(int[] ids, int from, int blockSize, DataType type) {
        double[] features = new double[blockSize];
        for (int i = 0; i < blockSize && from + i < ids.length; i++) {
            features[i] = ids[from + i];
        }
        return Nd4j.createFromArray(new double[][]{features}).castTo(type);
    }

    @Test
    void matchesALossComputedByHandFromTheNetworkOutput() {
        MultiLayerNetwork network = TinyGpt.network(SMALL, 3, 0.4, DataType.DOUBLE);
        int[] ids = {3, 0, 6, 6, 1, 2, 5, 4, 0, 3, 1}; // 11 ids: windows [0..4], [4..8], [8..10] (partial)
        double total = 0;
        int count = 0;
        for (int from = 0; from < ids.length - 1; from += 4) {
            INDArray logits = network.output(window(ids, from, 4, DataType.DOUBLE));
            for (int i = 0; i < 4 && from + i + 1 < ids.length; i++) {
                double norm = 0;
                for (int v = 0; v < 7; v++) {
                    norm += Math.exp(logits.getDouble(0, i, v));
                }
                total += -(logits.getDouble(0, i, ids[from + i + 1]) - Math.log(norm));
                count++;
            }
        }
        assertEquals(10, count);
        EvaluationResult evaluation = new TextEvaluator(network, SMALL).evaluate(ids);
        assertEquals(10, evaluation.charactersScored());
        assertEquals(total / count, evaluation.meanNats(), 1e-6);
        assertTrue(Math.abs(evaluation.meanNats() - Math.log(7)) > 0.05, "random weights should not be uniform: " + evaluation);
    }

    @Test
    void agreesWithTheNetworksOwnLossOnWholeWindows() {
        ModelConfig config = new ModelConfig(11, 2, 2, 16, 8, 0.0);
        MultiLayerNetwork network = TinyGpt.network(config, 6, 0.3, DataType.FLOAT);
        int windows = 5;
        int[] ids = TinyGpt.randomIds(windows * 8 + 1, 11, 4);
        float[][] features = new float[windows][8];
        float[][] labels = new float[windows][8];
        for (int w = 0; w < windows; w++) {
            for (int i = 0; i < 8; i++) {
                features[w][i] = ids[w * 8 + i];
                labels[w][i] = ids[w * 8 + i + 1];
            }
        }
        double score = network.score(new DataSet(Nd4j.createFromArray(features), Nd4j.createFromArray(labels)));
        EvaluationResult evaluation = new TextEvaluator(network, config, 2).evaluate(ids);
        assertEquals(score, evaluation.meanNats(), 1e-5, "the loss layer's score is the mean nats per character");
        assertEquals(windows * 8, evaluation.charactersScored());
    }

    @Test
    void everyCharacterAfterTheFirstIsScoredOnceWhateverTheBatchSize() {
        ModelConfig config = new ModelConfig(11, 1, 2, 8, 8, 0.0);
        MultiLayerNetwork network = TinyGpt.network(config, 2, 0.3, DataType.FLOAT);
        for (int n : new int[]{2, 3, 8, 9, 10, 16, 17, 43}) {
            int[] ids = TinyGpt.randomIds(n, 11, n);
            EvaluationResult one = new TextEvaluator(network, config, 1).evaluate(ids);
            assertEquals(n - 1, one.charactersScored(), "n = " + n);
            for (int batch : new int[]{2, 3, 32}) {
                EvaluationResult batched = new TextEvaluator(network, config, batch).evaluate(ids);
                assertEquals(n - 1, batched.charactersScored(), "n = " + n + ", batch " + batch);
                assertEquals(one.meanNats(), batched.meanNats(), 1e-6, "n = " + n + ", batch " + batch);
            }
        }
    }

    @Test
    void someWindowsScoreWhatThoseWindowsScoreInTheWholeText() {
        ModelConfig config = new ModelConfig(11, 1, 2, 8, 8, 0.0);
        MultiLayerNetwork network = TinyGpt.network(config, 2, 0.3, DataType.FLOAT);
        int[] ids = TinyGpt.randomIds(43, 11, 5); // 6 windows of 8 predictions, the last with 2
        TextEvaluator evaluator = new TextEvaluator(network, config, 2);
        assertEquals(6, evaluator.windowCount(ids.length));
        assertEquals(evaluator.evaluate(ids), evaluator.evaluateWindows(ids, new long[]{0, 1, 2, 3, 4, 5}), "all windows: the whole text");
        // window 2 predicts ids 17..24 from ids 16..23: the same as that stretch of text on its own
        EvaluationResult window2 = evaluator.evaluateWindows(ids, new long[]{2});
        assertEquals(8, window2.charactersScored());
        assertEquals(evaluator.evaluate(java.util.Arrays.copyOfRange(ids, 16, 25)).meanNats(), window2.meanNats(), 1e-6);
        // the last, partial window scores its 2 real predictions only
        assertEquals(2, evaluator.evaluateWindows(ids, new long[]{5}).charactersScored());
        assertEquals(10, evaluator.evaluateWindows(ids, new long[]{1, 5}).charactersScored());
    }

    @Test
    void theSameWeightsGiveExactlyTheSameNumber() {
        MultiLayerNetwork network = TinyGpt.network(SMALL, 8, 0.3, DataType.FLOAT);
        int[] ids = TinyGpt.randomIds(300, 7, 1);
        TextEvaluator evaluator = new TextEvaluator(network, SMALL);
        assertEquals(evaluator.evaluate(ids), evaluator.evaluate(ids));
    }

    @Test
    void bitsAndPerplexityDeriveFromNats() {
        EvaluationResult evaluation = new EvaluationResult(1.4697, 100);
        assertEquals(1.4697 / Math.log(2), evaluation.bitsPerCharacter(), 1e-12);
        assertEquals(Math.exp(1.4697), evaluation.perplexity(), 1e-12);
    }

    @Test
    void unknownCharactersAreReportedAndTheRestEvaluated() {
        Vocabulary vocabulary = Vocabulary.of("abcdef\n");
        MultiLayerNetwork network = TinyGpt.network(SMALL, 5, 0.3, DataType.FLOAT);
        TextEvaluator evaluator = new TextEvaluator(network, SMALL);
        String text = "abé\ncdZ\nfé🎭a";

        TextEvaluation result = evaluator.evaluateText(text, vocabulary);

        assertEquals(4, result.unknownCount());
        assertEquals(List.of((int) 'é', (int) 'Z', "🎭".codePointAt(0)), List.copyOf(result.unknownCodePoints()));
        assertEquals(7, result.evaluation().charactersScored()); // 8 known characters
        assertEquals(evaluator.evaluate(vocabulary.encode("ab\ncd\nfa")), result.evaluation());
        String summary = result.unknownSummary();
        assertTrue(summary.startsWith("4 characters") && summary.contains("'é' (U+00E9)") && summary.contains("U+1F3AD"), summary);

        TextEvaluation clean = evaluator.evaluateText("abc", vocabulary);
        assertEquals(0, clean.unknownCount());
        assertEquals("", clean.unknownSummary());
    }

    @Test
    void tooLittleTextIsRefused() {
        MultiLayerNetwork network = TinyGpt.network(SMALL, 5, 0.3, DataType.FLOAT);
        TextEvaluator evaluator = new TextEvaluator(network, SMALL);
        assertThrows(BadInputException.class, () -> evaluator.evaluate(new int[]{1}));
        assertThrows(BadInputException.class, () -> evaluator.evaluateText("aéé", Vocabulary.of("abcdefg")));
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(new int[]{1, 7}));
    }
}
