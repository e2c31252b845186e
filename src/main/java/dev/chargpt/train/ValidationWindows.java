package dev.chargpt.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The windows a mid-run validation point scores: a fixed, seeded choice of the validation text's
 * windows, the same at every point of a run, so the points compare with each other. Epoch ends and
 * the final report score every window. The size is measured (benchmarks/README.md, "Validation
 * points"): on trained cpu-small checkpoints, 256 windows of 64 characters came within 0.01 nats of
 * the whole split.
 */
public final class ValidationWindows {
    /** Windows a mid-run point scores by default. */
    public static final int MID_RUN = 256;

    private ValidationWindows() {
    }

    /**
     * {@code size} distinct window numbers out of {@code count}, ascending, drawn with {@code seed};
     * all of them when {@code size >= count}.
     */
    public static long[] choose(long count, int size, long seed) {
        if (size >= count) {
            long[] all = new long[Math.toIntExact(count)];
            Arrays.setAll(all, k -> k);
            return all;
        }
        // A partial Fisher-Yates shuffle: the first size entries are a uniform choice without repeats.
        long[] windows = new long[Math.toIntExact(count)];
        Arrays.setAll(windows, k -> k);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(windows.length - i);
            long chosen = windows[j];
            windows[j] = windows[i];
            windows[i] = chosen;
        }
        long[] chosen = Arrays.copyOf(windows, size);
        Arrays.sort(chosen);
        return chosen;
    }
}
