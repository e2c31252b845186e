package dev.chargpt.history;

import java.util.List;
import java.util.Optional;

/**
 * Which row of a loss history has the best (lowest) validation loss. The chart marks it and
 * {@code chargpt chart} reports it; one definition, so the two never disagree.
 */
public final class BestValidation {

    private BestValidation() {
    }

    /**
     * The row with the lowest finite validation loss, the earliest one on a tie (where the best
     * checkpoint was taken, since the loop keeps a checkpoint only when the loss improves); empty
     * if no row has a measured validation loss.
     */
    public static Optional<LossRecord> of(List<LossRecord> rows) {
        LossRecord best = null;
        for (LossRecord row : rows) {
            if (Double.isFinite(row.validationLoss())
                    && (best == null || row.validationLoss() < best.validationLoss())) {
                best = row;
            }
        }
        return Optional.ofNullable(best);
    }
}
