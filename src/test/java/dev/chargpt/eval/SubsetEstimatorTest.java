package dev.chargpt.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubsetEstimatorTest {
    private static final int T = 16;

    /** 40 windows of 16: even ones repeat "0 1 2 3" (easy), odd ones are random over 8 characters (hard). */
    private static int[] alternatingText() {
        SplittableRandom random = new SplittableRandom(7);
        int[] text = new int[40 * T + 1];
        for (int i = 0; i < text.length; i++) {
            text[i] = (i / T) % 2 == 0 ? i % 4 : random.nextInt(8);
        }
        return text;
    }

    /** A network's summed loss per window that follows the n-gram model's: {@code scale} times it, plus {@code offset} per prediction. */
    private static double[] following(NgramBaseline ngram, int[] text, long[] windows, double scale, double offset) {
        double[] nats = new double[windows.length];
        for (int k = 0; k < windows.length; k++) {
            nats[k] = scale * ngram.windowNats(text, windows[k], T) + offset * TextEvaluator.predictions(windows[k], T, text.length);
        }
        return nats;
    }

    private static double mean(double[] nats, long[] windows, int length) {
        double total = 0;
        long predictions = 0;
        for (int k = 0; k < windows.length; k++) {
            total += nats[k];
            predictions += TextEvaluator.predictions(windows[k], T, length);
        }
        return total / predictions;
    }

    @Test
    void withEveryWindowChosenTheEstimateIsThePlainMean() {
        int[] text = alternatingText();
        NgramBaseline ngram = new NgramBaseline(text, 8);
        long[] all = new long[40];
        for (int k = 0; k < 40; k++) {
            all[k] = k;
        }
        double[] nats = following(ngram, text, all, 0.7, 0.3);
        assertEquals(mean(nats, all, text.length), new SubsetEstimator(ngram, text, all, T).estimate(nats), 0);
    }

    @Test
    void aSubsetTooHardOrTooEasyIsCorrectedTowardsTheWholeText() {
        int[] text = alternatingText();
        NgramBaseline ngram = new NgramBaseline(text, 8);
        long[] all = new long[40];
        long[] mostlyHard = new long[12]; // 10 hard windows and 2 easy ones
        for (int k = 0; k < 40; k++) {
            all[k] = k;
        }
        for (int k = 0; k < 10; k++) {
            mostlyHard[k] = 2 * k + 1;
        }
        mostlyHard[10] = 0;
        mostlyHard[11] = 2;
        double whole = mean(following(ngram, text, all, 0.7, 0.3), all, text.length);
        double[] subsetNats = following(ngram, text, mostlyHard, 0.7, 0.3);
        double raw = mean(subsetNats, mostlyHard, text.length);
        double estimate = new SubsetEstimator(ngram, text, mostlyHard, T).estimate(subsetNats);
        assertTrue(raw - whole > 0.03, "the bare subset overstates the whole text: " + raw + " against " + whole);
        assertEquals(whole, estimate, 0.05 * (raw - whole), "the estimate takes out most of that");
    }

    @Test
    void aNetworkWhoseLossesDoNotFollowTheNgramModelsGetsNoCorrection() {
        int[] text = alternatingText();
        NgramBaseline ngram = new NgramBaseline(text, 8);
        long[] some = {1, 3, 5, 0};
        double[] flat = following(ngram, text, some, 0, 2.5); // 2.5 nats a prediction everywhere
        assertEquals(2.5, new SubsetEstimator(ngram, text, some, T).estimate(flat), 1e-12);
    }

    @Test
    void refusesLossesOfAnotherNumberOfWindows() {
        int[] text = alternatingText();
        SubsetEstimator estimator = new SubsetEstimator(new NgramBaseline(text, 8), text, new long[]{1, 2}, T);
        assertThrows(IllegalArgumentException.class, () -> estimator.estimate(new double[3]));
    }
}
