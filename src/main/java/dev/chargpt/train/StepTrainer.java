package dev.chargpt.train;

import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * Trains the {@link EpochLoop}'s optimizer steps: one at a time in this process
 * ({@link LocalStepTrainer}), or several in one call on a {@link Cluster}, where each call carries a
 * fixed cost (jobs, broadcasts) that one step could not pay for.
 */
public interface StepTrainer extends AutoCloseable {
    /** The most steps one {@link #fit} call trains; the loop hands over up to this many batches. */
    int stepsPerCall();

    /**
     * Trains one optimizer step on each batch, in order.
     *
     * @return the training loss (mean nats per character, without the weight-decay term) that the
     * loss history records at the last of these steps
     */
    double fit(List<DataSet> steps);

    /**
     * Threads of this process that training keeps busy; validation, which runs between steps,
     * spreads its forward passes over as many.
     */
    default int threads() {
        return 1;
    }

    /** What trains the steps, and how, for the run's first lines. */
    String describe();

    @Override
    default void close() {
    }
}
