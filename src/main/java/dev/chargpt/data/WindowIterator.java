package dev.chargpt.data;

import dev.chargpt.BadInputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

import static dev.chargpt.Setting.BATCH_SIZE;
import static dev.chargpt.Setting.BLOCK_SIZE;

/**
 * Batches of fixed-length windows over a token array, for next-character prediction: features
 * are {@code tokens[s .. s+T)} and labels {@code tokens[s+1 .. s+T]}, both FLOAT arrays of shape
 * {@code [batch, T]} holding token ids (the model does the one-hot itself).
 *
 * <p>An epoch reads the array once in non-overlapping windows with stride T. Two choices keep
 * that from repeating the same windows every epoch: the windows start at a phase offset in
 * {@code [0, T)}, and they come in a shuffled order; both are pure functions of (seed, epoch),
 * so a run resumed at (epoch, position) sees exactly the batches it would have seen
 * (design principle 6). Every epoch has the same number of windows (as many as fit at the
 * largest offset), so {@link #batchesPerEpoch()} is a constant the learning-rate schedule can
 * plan with; the few windows that do not fill a last batch are dropped, different ones each epoch.
 *
 * <p>{@link #asyncSupported()} is false: the data is in memory, so prefetching on another
 * thread buys nothing and DL4J's async wrapper has a history of races with workspaces.
 * The token array is used as given, not copied.
 */
public final class WindowIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final int[] tokens;
    private final int blockSize;
    private final int batchSize;
    private final long seed;
    private final int windowsPerEpoch;
    private final int batchesPerEpoch;

    private int epoch;
    private int position;
    private int phaseOffset;
    private int[] windowOrder;
    private DataSetPreProcessor preProcessor;

    /**
     * @throws BadInputException if a size is below 1 or the tokens do not fill one batch
     */
    public WindowIterator(int[] tokens, int blockSize, int batchSize, long seed) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        if (blockSize < 1) {
            throw new BadInputException(BLOCK_SIZE + " must be at least 1, got " + blockSize);
        }
        if (batchSize < 1) {
            throw new BadInputException(BATCH_SIZE + " must be at least 1, got " + batchSize);
        }
        // One window per batch row, plus a block of slack for the phase offset and the final label.
        long needed = ((long) batchSize + 1) * blockSize;
        if (tokens.length < needed) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "too little text for one batch: %,d characters, but %s %d with %s %d needs at"
                            + " least %,d ((batch size + 1) x block size); use a longer corpus or lower %s / %s",
                    tokens.length, BLOCK_SIZE, blockSize, BATCH_SIZE, batchSize, needed, BLOCK_SIZE, BATCH_SIZE));
        }
        this.blockSize = blockSize;
        this.batchSize = batchSize;
        this.seed = seed;
        // Windows starting at offset + k*T, k < W, need offset + W*T <= n - 1 for the last label;
        // at the largest offset T-1 that is W = (n - T) / T.
        this.windowsPerEpoch = (tokens.length - blockSize) / blockSize;
        this.batchesPerEpoch = windowsPerEpoch / batchSize;
        startEpoch(0);
    }

    /** Moves to the first batch of {@code epoch} (0-based). */
    public void startEpoch(int epoch) {
        restore(epoch, 0);
    }

    /**
     * Moves to {@code epoch} with {@code position} of its batches already returned, so the next
     * batch is exactly the one an uninterrupted run would have seen next.
     */
    public void restore(int epoch, int position) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + position);
        }
        if (position > batchesPerEpoch) {
            throw new BadInputException("cannot resume at batch " + position + " of epoch " + epoch + ": an epoch has "
                    + batchesPerEpoch + " batches with " + BLOCK_SIZE + " " + blockSize + " and " + BATCH_SIZE + " " + batchSize
                    + "; resume with the corpus and sizes the run was started with");
        }
        if (windowOrder == null || epoch != this.epoch) {
            planEpoch(epoch);
        }
        this.epoch = epoch;
        this.position = position;
    }

    public int epoch() {
        return epoch;
    }

    /** How many batches of the current epoch have been returned. */
    public int position() {
        return position;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Where this epoch's windows start, modulo T; for tests. */
    int phaseOffset() {
        return phaseOffset;
    }

    @Override
    public boolean hasNext() {
        return position < batchesPerEpoch;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no batches left; call startEpoch(epoch + 1)");
        }
        DataSet batch = buildBatch(position);
        position++;
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Only whole batches of the configured size: the epoch's plan is counted in batches. */
    @Override
    public DataSet next(int num) {
        if (num != batchSize) {
            throw new UnsupportedOperationException("this iterator returns batches of " + batchSize + ", not " + num);
        }
        return next();
    }

    /** Restarts the current epoch, same windows in the same order. */
    @Override
    public void reset() {
        position = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public int inputColumns() {
        return blockSize;
    }

    /** The number of classes is the vocabulary size, which token ids alone do not tell. */
    @Override
    public int totalOutcomes() {
        return -1;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    private void planEpoch(int epoch) {
        SplittableRandom random = new SplittableRandom(epochSeed(seed, epoch));
        phaseOffset = random.nextInt(blockSize);
        int[] order = new int[windowsPerEpoch];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        windowOrder = order;
    }

    private DataSet buildBatch(int batchIndex) {
        float[] features = new float[batchSize * blockSize];
        float[] labels = new float[batchSize * blockSize];
        for (int row = 0; row < batchSize; row++) {
            int start = phaseOffset + windowOrder[batchIndex * batchSize + row] * blockSize;
            int rowStart = row * blockSize;
            for (int t = 0; t < blockSize; t++) {
                features[rowStart + t] = tokens[start + t];
                labels[rowStart + t] = tokens[start + t + 1];
            }
        }
        long[] shape = {batchSize, blockSize};
        return new DataSet(Nd4j.create(features, shape, DataType.FLOAT), Nd4j.create(labels, shape, DataType.FLOAT));
    }

    /**
     * Neighbouring seeds and epochs must give unrelated streams: SplittableRandom does not mix
     * its seed, so seeds that differ by its internal increment would give shifted copies of one
     * stream. Two rounds of its own finaliser (Stafford's mix13) decorrelate them.
     */
    static long epochSeed(long seed, int epoch) {
        return mix64(seed ^ mix64(0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
