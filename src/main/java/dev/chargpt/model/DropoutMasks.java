package dev.chargpt.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * Inverted-dropout keep masks (0 or 1/(1-p)) drawn from (seed, iteration, layer index) alone.
 *
 * <p>Why not a random op inside the SameDiff graph: DL4J's SameDiff layers run the forward pass
 * again inside the backward pass, so an in-graph random op would draw a second, different mask and
 * the gradient would not belong to the forward pass that produced the loss. A mask computed here
 * is fed to both passes, and deriving it from the step makes resumed runs identical.
 */
public final class DropoutMasks {
    private DropoutMasks() {
    }

    public static INDArray keepMask(double dropout, long seed, long iteration, int layerIndex, DataType type, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dropout mask too large: " + n);
        }
        SplittableRandom random = new SplittableRandom(mix(seed, iteration, layerIndex));
        float keep = (float) (1.0 / (1.0 - dropout));
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < dropout ? 0f : keep;
        }
        // Outside any workspace: the mask lives from the forward pass until the backward pass.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(values, shape, 'c').castTo(type);
        }
    }

    static long mix(long seed, long iteration, int layerIndex) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= (iteration + 1) * 0xBF58476D1CE4E5B9L;
        h ^= (layerIndex + 1L) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
