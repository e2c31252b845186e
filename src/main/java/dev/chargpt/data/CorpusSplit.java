package dev.chargpt.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The token ids split into training and validation parts exactly as nanoGPT's
 * {@code shakespeare_char/prepare.py} does (first 90% train, the rest validation, no shuffling),
 * so our validation loss is measured on the same characters as nanoGPT's 1.4697.
 *
 * <p>The arrays are held as given, not copied: they are large and nobody writes to them.
 */
public record CorpusSplit(int[] train, int[] validation) {

    private static final double TRAIN_FRACTION = 0.9;

    public CorpusSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /** First {@code (int) (n * 0.9)} ids to train, the rest to validation. */
    public static CorpusSplit of(int[] ids) {
        int trainLength = (int) (ids.length * TRAIN_FRACTION);
        return new CorpusSplit(Arrays.copyOfRange(ids, 0, trainLength), Arrays.copyOfRange(ids, trainLength, ids.length));
    }

    // A record compares arrays by reference; a split is its contents.
    @Override
    public boolean equals(Object other) {
        return other instanceof CorpusSplit that
                && Arrays.equals(train, that.train) && Arrays.equals(validation, that.validation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
    }

    @Override
    public String toString() {
        return "CorpusSplit[train=" + train.length + " tokens, validation=" + validation.length + " tokens]";
    }
}
