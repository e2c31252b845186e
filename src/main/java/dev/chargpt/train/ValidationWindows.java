package dev.chargpt.train;

import dev.chargpt.eval.TextEvaluator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The windows a mid-run validation point scores: a fixed, seeded choice of the validation text's
 * windows, the same at every point of a run, so the points compare with each other. Epoch ends and
 * the final report score every window.
 *
 * <p>The windows are evenly spaced from a seeded starting point, not drawn at random: neighbouring
 * windows of a play are alike (the same speakers, the same verse or prose), so a sample spread over
 * the whole text lands nearer the whole text's loss than as many random windows do. Measured on
 * two finished cpu-small runs (benchmarks/README.md, "Validation points, cheaper"), eight starting
 * points each: the worst distance from the whole split was 0.017-0.019 nats with 256 spread windows
 * (0.045-0.046 with 256 random ones) and 0.012-0.015 with 384 (0.030 random). The point then
 * corrects their mean with an n-gram model ({@code eval.SubsetEstimator}): over 400 starting points
 * and eight checkpoints of two runs, 384 windows came within 0.004-0.009 nats rms of the whole split,
 * against 0.004-0.011 uncorrected.
 */
public final class ValidationWindows {
    /** Windows a mid-run point scores by default. */
    public static final int MID_RUN = 384;

    private ValidationWindows() {
    }

    /**
     * {@code size} distinct window numbers out of {@code count}, ascending and evenly spaced from an
     * offset drawn with {@code seed}; all of them when {@code size >= count}.
     */
    public static long[] choose(long count, int size, long seed) {
        if (size >= count) {
            return TextEvaluator.windowNumbers(count);
        }
        double stride = (double) count / size; // more than 1, so the windows are distinct
        double offset = new SplittableRandom(seed).nextDouble() * stride;
        long[] chosen = new long[size];
        Arrays.setAll(chosen, i -> Math.min(count - 1, (long) Math.floor(offset + i * stride)));
        return chosen;
    }
}
