package dev.chargpt.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NgramBaselineTest {
    @Test
    void interpolatesTheOrdersByWittenBell() {
        // training text 0 1 0 1 1: id 1 is 3 of 5 characters; 0 is always followed by 1
        NgramBaseline baseline = new NgramBaseline(new int[]{0, 1, 0, 1, 1}, 2);
        double unigram = 5.0 / 7 * 3 / 5 + 2.0 / 7 * 1 / 2; // 5 characters of 2 kinds, mixed with uniform
        double afterZero = 2.0 / 3 * 2 / 2 + 1.0 / 3 * unigram; // "0" seen twice, one kind of follower
        int[] text = {0, 1};
        assertEquals(-Math.log(afterZero), baseline.nats(text, 0, 0), 1e-12);
        double afterOne = 2.0 / 4 * 1 / 2 + 2.0 / 4 * unigram; // "1" seen twice, followed by 0 and by 1
        assertEquals(-Math.log(afterOne), baseline.windowNats(new int[]{0, 1, 1}, 1, 1), 1e-12,
                "window 1 of length 1 predicts its second 1 from that window's \"1\" alone, not from \"0 1\"");
    }

    @Test
    void theContextStopsAtTheWindowsStart() {
        int[] text = randomText(new SplittableRandom(3), 20_000, 6);
        NgramBaseline baseline = new NgramBaseline(text, 6);
        assertNotEquals(baseline.nats(text, 100, 104), baseline.nats(text, 104, 104),
                "four characters of context against none");
        assertEquals(baseline.nats(text, 96, 104), baseline.nats(text, 100, 104), 0,
                "no more than four characters of context");
    }

    @Test
    void aWindowSumsItsOwnPredictionsEachFromItsOwnStart() {
        int[] text = randomText(new SplittableRandom(2), 1000, 7);
        NgramBaseline baseline = new NgramBaseline(text, 7);
        for (long window : new long[]{0, 5, 15}) { // window 15 of 64 is the last, partial one
            int start = (int) window * 64;
            double sum = 0;
            for (int at = start; at < start + TextEvaluator.predictions(window, 64, text.length); at++) {
                sum += baseline.nats(text, start, at);
            }
            assertEquals(sum, baseline.windowNats(text, window, 64), 0);
        }
        assertEquals(999 - 15 * 64, TextEvaluator.predictions(15, 64, 1000), "999 predictions in all");
    }

    @Test
    void aVocabularyOfThousandsGetsLessContextNotOverflowingKeys() {
        int[] text = randomText(new SplittableRandom(5), 50_000, 5000);
        NgramBaseline baseline = new NgramBaseline(text, 5000);
        double nats = baseline.windowNats(text, 2, 64) / 64;
        assertTrue(Double.isFinite(nats) && nats > 0, "finite: " + nats);
        assertTrue(nats < Math.log(5000) + 1e-9, "no worse than uniform over the vocabulary: " + nats);
    }

    @Test
    void refusesATrainingTextWithNoPair() {
        assertThrows(IllegalArgumentException.class, () -> new NgramBaseline(new int[]{3}, 4));
    }

    private static int[] randomText(SplittableRandom random, int length, int vocabSize) {
        int[] text = new int[length];
        for (int i = 0; i < length; i++) {
            text[i] = random.nextInt(vocabSize);
        }
        return text;
    }
}
