package dev.chargpt.eval;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.BatchedLogits;
import dev.chargpt.decoder.WindowLogits;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Set;

/**
 * Mean cross-entropy of the model over a whole text, every character after the first scored once.
 *
 * <p>Windows of blockSize + 1 ids that share one id with the next window: window k covers ids
 * [kT, kT + T], its features are ids kT..kT+T-1 and it predicts ids kT+1..kT+T. Each prediction
 * therefore sees between 0 and T-1 characters of context (less than a sliding window would give,
 * but T times cheaper, and the same scheme nanoGPT's training windows use). The last, partial
 * window is padded with id 0 and its padded positions are not scored; the causal mask keeps the
 * padding from touching the real positions before it.
 *
 * <p>Deterministic (fixed windows, fixed order, sums in double): the training loop uses this class
 * for its validation loss, so the same weights always give the same number.
 */
public final class TextEvaluator {
    /** Windows per forward pass: large enough to amortise the per-call overhead on a CPU. */
    public static final int DEFAULT_WINDOWS_PER_BATCH = 32;

    private final BatchedLogits network;
    private final int windowsPerBatch;

    public TextEvaluator(MultiLayerNetwork network, ModelConfig config) {
        this(network, config, DEFAULT_WINDOWS_PER_BATCH);
    }

    /** @param windowsPerBatch windows per forward call; changes speed and memory, not the result */
    public TextEvaluator(MultiLayerNetwork network, ModelConfig config, int windowsPerBatch) {
        this(new WindowLogits(network, config), windowsPerBatch);
    }

    /** @param windowsPerBatch windows per call of {@code logits}; changes speed and memory, not the result */
    public TextEvaluator(BatchedLogits logits, int windowsPerBatch) {
        if (windowsPerBatch < 1) {
            throw new IllegalArgumentException("windowsPerBatch must be at least 1, got " + windowsPerBatch);
        }
        this.network = logits;
        this.windowsPerBatch = windowsPerBatch;
    }

    /**
     * @param ids the text as character ids, at least 2
     * @throws BadInputException for fewer than 2 ids (nothing to predict)
     */
    public EvaluationResult evaluate(int[] ids) {
        return evaluateWindows(ids, allWindows(ids));
    }

    /**
     * Every window of {@code ids}, as {@link #evaluate} scores them.
     *
     * @throws BadInputException for fewer than 2 ids (nothing to predict)
     */
    long[] allWindows(int[] ids) {
        if (ids.length < 2) {
            throw new BadInputException("evaluation needs at least 2 characters (the first only gives context), got " + ids.length);
        }
        return windowNumbers(windowCount(ids.length));
    }

    /** The window numbers 0 to {@code count - 1}: every window of a text of {@code count} windows. */
    public static long[] windowNumbers(long count) {
        long[] windows = new long[Math.toIntExact(count)];
        for (int k = 0; k < windows.length; k++) {
            windows[k] = k;
        }
        return windows;
    }

    /** How many windows {@link #evaluate} scores a text of {@code length} ids in (at least 2 ids). */
    public long windowCount(int length) {
        return windowCount(length, network.blockSize());
    }

    /** How many windows of {@code blockSize} predictions a text of {@code length} ids (at least 2) is scored in. */
    public static long windowCount(int length, int blockSize) {
        return (length - 1L + blockSize - 1) / blockSize;
    }

    /**
     * The mean over some of the windows {@link #evaluate} scores: window k (0 &lt;= k &lt;
     * {@link #windowCount}) predicts ids kT+1..kT+T from ids kT..kT+T-1, exactly as in the whole
     * text, so a seeded choice of windows estimates the whole text's loss without bias.
     *
     * @param windows window numbers, each once, in any order (the sum runs in this order)
     */
    public EvaluationResult evaluateWindows(int[] ids, long[] windows) {
        double[] totalNats = {0};
        long[] scored = {0};
        score(ids, windows, (window, nats) -> {
            totalNats[0] += nats;
            scored[0]++;
        });
        return new EvaluationResult(totalNats[0] / scored[0], scored[0]);
    }

    /**
     * Each window's summed loss (nats over all its predictions), in the order of {@code windows}:
     * what a mid-run validation point needs to weigh its windows against a simpler model's
     * ({@link SubsetEstimator}). A window's prediction count is {@link #predictions}.
     */
    public double[] windowNats(int[] ids, long[] windows) {
        double[] sums = new double[windows.length];
        score(ids, windows, (window, nats) -> sums[window] += nats);
        return sums;
    }

    /** How many characters window {@code window} of a text of {@code length} ids predicts. */
    public static int predictions(long window, int blockSize, int length) {
        return (int) Math.min(blockSize, length - 1L - window * blockSize);
    }

    /** Receives every prediction's loss, window by window in the given order. */
    private interface PredictionLoss {
        void accept(int windowIndex, double nats);
    }

    private void score(int[] ids, long[] windows, PredictionLoss sink) {
        int t = network.blockSize();
        int v = network.vocabSize();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= v) {
                throw new IllegalArgumentException("id " + ids[i] + " at index " + i + " is outside the vocabulary of " + v);
            }
        }
        for (int first = 0; first < windows.length; first += windowsPerBatch) {
            int batch = Math.min(windowsPerBatch, windows.length - first);
            int[] features = new int[batch * t]; // zeros: the padding id
            for (int b = 0; b < batch; b++) {
                long start = windows[first + b] * t;
                int available = (int) Math.min(t, ids.length - start);
                System.arraycopy(ids, (int) start, features, b * t, available);
            }
            float[] logits = network.logits(features, batch);
            for (int b = 0; b < batch; b++) {
                long start = windows[first + b] * t;
                int targets = predictions(windows[first + b], t, ids.length);
                for (int i = 0; i < targets; i++) {
                    int target = ids[(int) (start + i + 1)];
                    sink.accept(first + b, -logProbability(logits, ((long) b * t + i) * v, v, target));
                }
            }
        }
    }

    /**
     * Encodes {@code text}, leaves out (and reports) the characters the vocabulary lacks, and
     * evaluates the rest.
     *
     * @throws BadInputException if fewer than 2 known characters remain
     */
    public TextEvaluation evaluateText(String text, Vocabulary vocabulary) {
        Set<Integer> unknown = vocabulary.unknownCodePoints(text);
        long unknownCount = unknown.isEmpty() ? 0 : text.codePoints().filter(cp -> !vocabulary.contains(cp)).count();
        int[] ids = vocabulary.encodeDropping(text);
        if (ids.length < 2) {
            throw new BadInputException("the text has " + ids.length + " character(s) the vocabulary knows ("
                    + unknownCount + " unknown left out); evaluation needs at least 2");
        }
        return new TextEvaluation(evaluate(ids), unknownCount, unknown);
    }

    /** log softmax(z)[target] = z[target] - max - log sum exp(z - max), in double. */
    static double logProbability(float[] logits, long offset, int v, int target) {
        int o = Math.toIntExact(offset);
        float max = Float.NEGATIVE_INFINITY;
        for (int id = 0; id < v; id++) {
            max = Math.max(max, logits[o + id]);
        }
        double sum = 0;
        for (int id = 0; id < v; id++) {
            sum += Math.exp((double) logits[o + id] - max);
        }
        return (double) logits[o + target] - max - Math.log(sum);
    }
}
