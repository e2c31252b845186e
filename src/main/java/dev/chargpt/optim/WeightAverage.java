package dev.chargpt.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of the weights, kept beside training and used in its place for
 * validation, samples and the best checkpoint: while the learning rate is still high it acts as a
 * free cooldown (Hägele et al., arXiv 2405.18392), and training itself is unchanged.
 *
 * <p>After step {@code s} (counted from 1) the average moves toward the weights by {@code 1 - d} with
 * {@code d = min(decay, (1 + s) / (10 + s))}: early on, when the weights move fast and the average
 * would still remember the random start, it follows them closely. Everything derives from the step,
 * so a resumed run, with the average read back from its checkpoint, continues bit for bit.
 */
public final class WeightAverage {
    private final double decay;
    private final INDArray average;
    private final INDArray scratch;

    private WeightAverage(double decay, INDArray average) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("the average's decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.average = average;
        this.scratch = average.ulike();
    }

    /** A new average that starts at {@code weights} (a copy is kept). */
    public static WeightAverage startingAt(INDArray weights, double decay) {
        return new WeightAverage(decay, weights.dup());
    }

    /** The average a checkpoint saved (kept as given). */
    public static WeightAverage resumed(INDArray saved, double decay) {
        return new WeightAverage(decay, saved);
    }

    /** Moves the average toward {@code weights}, the weights after optimizer step {@code step}. */
    public void update(INDArray weights, long step) {
        update(weights, step, step);
    }

    /**
     * After optimizer steps {@code first} to {@code last}, of which only the last one's weights are
     * seen (a Spark trainer takes 50 steps per call): each of those steps' decays applies, so that the
     * average spans as many steps as it does one step at a time, not as many calls.
     */
    public void update(INDArray weights, long first, long last) {
        double kept = 1;
        for (long step = first; step <= last; step++) {
            kept *= Math.min(decay, (1.0 + step) / (10.0 + step));
        }
        // average = kept * average + (1 - kept) * weights, in place, without a new array per step
        scratch.assign(weights).muli(1 - kept);
        average.muli(kept).addi(scratch);
    }

    /** The averaged weights, flat in the network's parameter order (live: copy before keeping). */
    public INDArray weights() {
        return average;
    }
}
