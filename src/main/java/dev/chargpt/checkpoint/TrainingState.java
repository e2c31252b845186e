package dev.chargpt.checkpoint;

import java.util.Properties;

/**
 * Where a run stands: optimizer steps taken, the epoch and how many of its batches were used
 * (the window iterator restores its order from these and the seed), the best validation loss so
 * far and the training time spent. Together with the network (weights, Adam state, iteration
 * count) this is everything a resumed run needs to continue as if it had never stopped: dropout
 * masks, window order and samples all derive from (seed, epoch, step), so no RNG object is saved.
 *
 * @param position          batches of {@code epoch} already used; equal to the epoch's batch count at its end
 * @param epochFinished     whether the end-of-epoch work (validation, sample, chart) was done for {@code epoch}
 * @param lastValidationLoss NaN until the first validation
 * @param bestEstimated     whether the best validation loss is a mid-run point's estimate from some of
 *                          the windows rather than the whole split's; false in checkpoints saved
 *                          before mid-run points estimated (they lack the key)
 */
public record TrainingState(long step, int epoch, int position, boolean epochFinished, double bestValidationLoss,
                            double lastValidationLoss, double elapsedSeconds, boolean bestEstimated) {

    public TrainingState(long step, int epoch, int position, boolean epochFinished, double bestValidationLoss,
                         double lastValidationLoss, double elapsedSeconds) {
        this(step, epoch, position, epochFinished, bestValidationLoss, lastValidationLoss, elapsedSeconds, false);
    }

    public static TrainingState fresh() {
        return new TrainingState(0, 0, 0, false, Double.NaN, Double.NaN, 0);
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("step", Long.toString(step));
        p.setProperty("epoch", Integer.toString(epoch));
        p.setProperty("position", Integer.toString(position));
        p.setProperty("epochFinished", Boolean.toString(epochFinished));
        p.setProperty("bestValidationLoss", Double.toString(bestValidationLoss));
        p.setProperty("lastValidationLoss", Double.toString(lastValidationLoss));
        p.setProperty("elapsedSeconds", Double.toString(elapsedSeconds));
        p.setProperty("bestEstimated", Boolean.toString(bestEstimated));
        return p;
    }

    static TrainingState fromProperties(Properties p, String source) {
        PropertyReader r = new PropertyReader(p, source);
        return new TrainingState(r.longInteger("step"), r.integer("epoch"), r.integer("position"),
                Boolean.parseBoolean(r.text("epochFinished")), r.decimal("bestValidationLoss"),
                r.decimal("lastValidationLoss"), r.decimal("elapsedSeconds"),
                p.containsKey("bestEstimated") && r.flag("bestEstimated"));
    }
}
