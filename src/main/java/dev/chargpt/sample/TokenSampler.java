package dev.chargpt.sample;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Picks the next character id from a model's logits: temperature, then top-k, then top-p (on the
 * distribution renormalised over the top-k survivors, as Hugging Face orders them), then one draw.
 *
 * <p>Every random choice comes from one {@link SplittableRandom} seeded at construction, so the same
 * seed and the same logits give the same ids. Temperature 0 means greedy: the argmax, with no
 * division at all (dividing by zero would turn logits into infinities and NaNs).
 *
 * <p>Ties are broken by the lower id everywhere (argmax, the k-th place of top-k, the cut of top-p),
 * so top-k keeps exactly k candidates even when several logits equal the k-th value: letting ties in
 * would make "k" a lower bound and the result depend on how often values repeat.
 *
 * <p>Not thread-safe: it owns a random stream.
 */
public final class TokenSampler {
    /** Below this the cumulative probability still "reaches" top-p: absorbs rounding in the sum. */
    private static final double TOP_P_SLACK = 1e-12;

    private final double temperature;
    private final int topK;
    private final double topP;
    private final SplittableRandom random;

    /**
     * @param temperature divides the logits; 0 = greedy (argmax), 1 = the model's own distribution
     * @param topK        keep only the k most likely characters; 0 = no limit (values above the
     *                    vocabulary size keep everything)
     * @param topP        keep the smallest set of most likely characters whose probability reaches p,
     *                    in (0, 1]; 1 = no limit
     * @param seed        seeds the only random stream, so one seed gives one text
     * @throws BadInputException naming the option (--temperature, --top-k, --top-p) that is out of range
     */
    public TokenSampler(double temperature, int topK, double topP, long seed) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new BadInputException(Setting.TEMPERATURE + " must be a finite number >= 0 (0 = always the most likely character), got "
                    + format(temperature));
        }
        if (topK < 0) {
            throw new BadInputException(Setting.TOP_K + " must be at least 1, or 0 for no limit, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new BadInputException(Setting.TOP_P + " must be in (0, 1] (1 = no limit), got " + format(topP));
        }
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    /** The next id: the argmax at temperature 0, else one draw from {@link #distribution}. */
    public int sample(double[] logits) {
        checkLogits(logits);
        if (temperature == 0) {
            return argmax(logits);
        }
        double[] probabilities = distribution(logits);
        double u = random.nextDouble(); // in [0, 1); the kept probabilities sum to 1 up to rounding
        double cumulative = 0;
        int lastKept = -1;
        for (int id = 0; id < probabilities.length; id++) {
            if (probabilities[id] > 0) {
                cumulative += probabilities[id];
                lastKept = id;
                if (u < cumulative) {
                    return id;
                }
            }
        }
        return lastKept; // u fell in the rounding gap just below 1
    }

    /**
     * The distribution {@link #sample} draws from: probabilities over all ids, zero for every id that
     * temperature, top-k or top-p removed, summing to 1. At temperature 0: one-hot at the argmax.
     * Draws nothing from the random stream.
     */
    public double[] distribution(double[] logits) {
        checkLogits(logits);
        int v = logits.length;
        double[] probabilities = new double[v];
        if (temperature == 0) {
            probabilities[argmax(logits)] = 1;
            return probabilities;
        }
        Integer[] order = byDescendingLogit(logits);
        int kept = topK == 0 ? v : Math.min(topK, v);

        // exp((z - max) / T): the max is order[0], so the largest term is exactly 1, nothing overflows.
        double max = logits[order[0]];
        double total = 0;
        for (int rank = 0; rank < kept; rank++) {
            int id = order[rank];
            probabilities[id] = Math.exp((logits[id] - max) / temperature);
            total += probabilities[id];
        }
        if (topP < 1) {
            // Smallest prefix (in descending order) whose share of the top-k mass reaches p.
            double cumulative = 0;
            int cut = kept;
            for (int rank = 0; rank < kept; rank++) {
                cumulative += probabilities[order[rank]] / total;
                if (cumulative >= topP - TOP_P_SLACK) {
                    cut = rank + 1;
                    break;
                }
            }
            for (int rank = cut; rank < kept; rank++) {
                total -= probabilities[order[rank]];
                probabilities[order[rank]] = 0;
            }
            kept = cut;
        }
        for (int rank = 0; rank < kept; rank++) {
            probabilities[order[rank]] /= total;
        }
        return probabilities;
    }

    /** Highest logit first; equal logits by lower id, which makes the k-th place well defined. */
    private static Integer[] byDescendingLogit(double[] logits) {
        Integer[] order = new Integer[logits.length];
        for (int id = 0; id < order.length; id++) {
            order[id] = id;
        }
        Arrays.sort(order, (a, b) -> {
            int byValue = Double.compare(logits[b], logits[a]);
            return byValue != 0 ? byValue : Integer.compare(a, b);
        });
        return order;
    }

    /** The first id holding the largest logit. */
    static int argmax(double[] logits) {
        int best = 0;
        for (int id = 1; id < logits.length; id++) {
            if (logits[id] > logits[best]) {
                best = id;
            }
        }
        return best;
    }

    /** A NaN or +infinity means a broken model; sampling from it would hide that. */
    private static void checkLogits(double[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits to sample from");
        }
        for (int id = 0; id < logits.length; id++) {
            if (Double.isNaN(logits[id]) || logits[id] == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("the model produced logit " + logits[id] + " for id " + id
                        + "; the weights are probably broken (NaN or overflow)");
            }
        }
        if (Arrays.stream(logits).allMatch(z -> z == Double.NEGATIVE_INFINITY)) {
            throw new IllegalStateException("the model gave every character logit -infinity");
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TokenSampler[temperature=%s, topK=%d, topP=%s]", temperature, topK, topP);
    }
}
