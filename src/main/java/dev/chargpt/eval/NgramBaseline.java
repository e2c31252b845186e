package dev.chargpt.eval;

import java.util.Arrays;

/**
 * How hard each of {@link TextEvaluator}'s windows is for a far simpler model of the training text:
 * a character n-gram model (up to 4 characters of context, the orders interpolated by Witten-Bell
 * smoothing, the context cut at the window's start as the network's is). A window the network finds
 * hard is hard for this model too (a list of names, a stage direction, verse against prose), which
 * lets a few windows stand in for many ({@link SubsetEstimator}). On tiny Shakespeare this model
 * scores 1.69 nats per character against a trained cpu-small's 1.64.
 *
 * <p>Counts are kept as sorted arrays of packed keys (context ids, then the next id), searched by
 * bisection: about a second for a million training characters, nothing kept per distinct context
 * beyond two arrays. Nothing here touches the network.
 */
public final class NgramBaseline {
    /** Context characters of the longest order, as far as the packed keys have room for. */
    static final int MAX_CONTEXT = 4;

    private final int vocabSize;
    private final int bits;
    private final int maxContext;
    /** Per context length k: every (context, next) key seen, ascending, and its count. */
    private final long[][] pairKeys;
    private final int[][] pairCounts;
    /** Per context length k: every context seen, ascending, its total count and its distinct followers. */
    private final long[][] contextKeys;
    private final int[][] contextTotals;
    private final int[][] contextTypes;

    /**
     * @param train     the training text as ids, at least 2
     * @param vocabSize ids run from 0 to vocabSize - 1
     */
    public NgramBaseline(int[] train, int vocabSize) {
        if (train.length < 2) {
            throw new IllegalArgumentException("an n-gram model needs at least 2 ids, got " + train.length);
        }
        this.vocabSize = vocabSize;
        this.bits = Math.max(1, 64 - Long.numberOfLeadingZeros(vocabSize - 1L));
        // (context + next) ids must fit in 63 bits: a vocabulary of thousands of characters gets less context
        this.maxContext = Math.min(MAX_CONTEXT, 63 / bits - 1);
        pairKeys = new long[maxContext + 1][];
        pairCounts = new int[maxContext + 1][];
        contextKeys = new long[maxContext + 1][];
        contextTotals = new int[maxContext + 1][];
        contextTypes = new int[maxContext + 1][];
        for (int k = 0; k <= maxContext; k++) {
            count(train, k);
        }
    }

    private void count(int[] train, int k) {
        long[] keys = new long[train.length - k];
        for (int i = k; i < train.length; i++) {
            keys[i - k] = (pack(train, i - k, i) << bits) | train[i];
        }
        Arrays.sort(keys);
        int distinct = 0;
        for (int i = 0; i < keys.length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                distinct++;
            }
        }
        long[] pairs = new long[distinct];
        int[] counts = new int[distinct];
        int contexts = 0;
        for (int i = 0, p = -1; i < keys.length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                pairs[++p] = keys[i];
                if (p == 0 || (pairs[p] >>> bits) != (pairs[p - 1] >>> bits)) {
                    contexts++;
                }
            }
            counts[p]++;
        }
        long[] contextKey = new long[contexts];
        int[] totals = new int[contexts];
        int[] types = new int[contexts];
        for (int p = 0, c = -1; p < pairs.length; p++) {
            if (p == 0 || (pairs[p] >>> bits) != (pairs[p - 1] >>> bits)) {
                contextKey[++c] = pairs[p] >>> bits;
            }
            totals[c] += counts[p];
            types[c]++;
        }
        pairKeys[k] = pairs;
        pairCounts[k] = counts;
        contextKeys[k] = contextKey;
        contextTotals[k] = totals;
        contextTypes[k] = types;
    }

    /** ids[from..to) as one number, the earliest id highest. */
    private long pack(int[] ids, int from, int to) {
        long key = 0;
        for (int i = from; i < to; i++) {
            key = (key << bits) | ids[i];
        }
        return key;
    }

    /**
     * -log p(ids[at + 1] | ids[from..at]): the prediction of the character after {@code at} from
     * the characters since {@code from} (the window's start), the longest {@link #MAX_CONTEXT}.
     */
    double nats(int[] ids, int from, int at) {
        int next = ids[at + 1];
        double p = 1.0 / vocabSize;
        int available = at + 1 - from;
        for (int k = 0; k <= Math.min(maxContext, available); k++) {
            long context = pack(ids, at + 1 - k, at + 1);
            int c = Arrays.binarySearch(contextKeys[k], context);
            if (c < 0) {
                break; // an unseen context: longer ones are unseen too
            }
            double total = contextTotals[k][c];
            double seen = total / (total + contextTypes[k][c]); // Witten-Bell: the weight of this order's counts
            int pair = Arrays.binarySearch(pairKeys[k], (context << bits) | next);
            double count = pair < 0 ? 0 : pairCounts[k][pair];
            p = seen * count / total + (1 - seen) * p;
        }
        return -Math.log(p);
    }

    /**
     * This model's summed loss over the predictions of window {@code window} of {@code ids}: what
     * {@link TextEvaluator#evaluateWindows} has that window predict, ids kT+1..kT+T (T =
     * {@code blockSize}) as far as the text goes, each from the context since the window's start.
     */
    public double windowNats(int[] ids, long window, int blockSize) {
        int start = Math.toIntExact(window * blockSize);
        int end = start + TextEvaluator.predictions(window, blockSize, ids.length);
        double total = 0;
        for (int at = start; at < end; at++) {
            total += nats(ids, start, at);
        }
        return total;
    }
}
