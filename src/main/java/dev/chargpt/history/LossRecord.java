package dev.chargpt.history;

/**
 * One row of a run's loss history.
 *
 * <p>The epoch loop writes two kinds of row: one per logged training step (validation loss NaN),
 * and one per epoch end that carries the validation loss (training loss may then be NaN). NaN
 * therefore means "not measured on this row", never "zero".
 *
 * <p>Losses are mean cross-entropy in nats per character, the one loss unit used everywhere, so
 * numbers compare directly with nanoGPT's; bits per character = nats / ln 2.
 *
 * @param step           optimizer steps taken so far (the x axis of every chart)
 * @param epoch          the epoch this row belongs to
 * @param trainLoss      training loss of this step, or NaN
 * @param validationLoss validation loss measured at this step, or NaN
 * @param learningRate   learning rate in effect at this step, or NaN if unknown
 * @param elapsedSeconds wall-clock seconds since the run started, or NaN if unknown
 */
public record LossRecord(long step, int epoch, double trainLoss, double validationLoss,
                         double learningRate, double elapsedSeconds) {

    public LossRecord {
        // Negative counters can only come from a bug or a hand-edited file; refusing them here
        // keeps every reader (charts, resume) free of the question.
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }
}
