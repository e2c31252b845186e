package dev.chargpt.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scales the whole gradient down when its L2 norm exceeds the threshold, as
 * {@code torch.nn.utils.clip_grad_norm_} does. DL4J offers only per-layer or per-parameter clipping;
 * both {@link TrainingStep}s call this after the gradient is computed and before the updater sees it.
 *
 * <p>At that point DL4J's gradient is the SUM over the minibatch (the updater divides by the
 * minibatch size afterwards), while PyTorch clips the gradient of the MEAN loss. The norm is
 * therefore measured on gradient / batch, so a threshold of 1.0 means what it means in nanoGPT
 * (PyTorchParityTest found an earlier version clipping at 1/batch of the intended norm).
 */
public final class GlobalNormClipping {
    private final double maxNorm;
    private double lastNorm = Double.NaN;

    /** @param maxNorm the largest norm of the mean-loss gradient let through; 0 measures without clipping */
    public GlobalNormClipping(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    /** Clips {@code summedGradient}, the gradient of the loss summed over {@code batchSize} windows, in place. */
    public void clip(INDArray summedGradient, int batchSize) {
        lastNorm = summedGradient.norm2Number().doubleValue() / Math.max(1, batchSize);
        if (maxNorm > 0 && lastNorm > maxNorm) {
            summedGradient.muli(maxNorm / (lastNorm + 1e-6));
        }
    }

    /** The norm, before clipping, of the most recent mean-loss gradient (NaN before the first step). */
    public double lastNorm() {
        return lastNorm;
    }
}
