package dev.chargpt.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean cross-entropy (nats per character) of a network over a whole token sequence.
 *
 * <p>Windows of T+1 ids overlapping by one ({@code [kT, kT+T]}) score every character after the
 * first exactly once, the last partial window included, and always in the same order, so the
 * number is deterministic. Each character is predicted from the characters before it in its
 * window: the same average context (T/2) as nanoGPT's estimate, which makes the numbers compare
 * with its 1.4697 and 1.88. Windows go through the network in batches of full block size (the
 * first forward pass fixes the length), padded with id 0 beyond the end and not scored there.
 */
public final class ValidationLoss {
    private final int windowsPerBatch;

    public ValidationLoss(int windowsPerBatch) {
        this.windowsPerBatch = windowsPerBatch;
    }

    public double of(MultiLayerNetwork network, int[] ids, int blockSize) {
        int n = ids.length;
        int windows = (n - 2) / blockSize + 1;   // windows start at 0, T, 2T, ... while a label remains
        double total = 0;
        long scored = 0;
        for (int first = 0; first < windows; first += windowsPerBatch) {
            int count = Math.min(windowsPerBatch, windows - first);
            float[] features = new float[count * blockSize];
            for (int w = 0; w < count; w++) {
                int start = (first + w) * blockSize;
                for (int j = 0; j < blockSize && start + j < n - 1; j++) {
                    features[w * blockSize + j] = ids[start + j];
                }
            }
            INDArray logits = network.output(Nd4j.create(features, new long[]{count, blockSize}, 'c'), false);
            float[] values = logits.castTo(DataType.FLOAT).dup('c').data().asFloat();
            int vocab = (int) logits.size(2);
            for (int w = 0; w < count; w++) {
                int start = (first + w) * blockSize;
                for (int j = 0; j < blockSize && start + j < n - 1; j++) {
                    int offset = (w * blockSize + j) * vocab;
                    total += negativeLogLikelihood(values, offset, vocab, ids[start + j + 1]);
                    scored++;
                }
            }
        }
        return total / scored;
    }

    private static double negativeLogLikelihood(float[] logits, int offset, int vocab, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits[offset + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(logits[offset + v] - max);
        }
        return max + Math.log(sum) - logits[offset + label];
    }
}
