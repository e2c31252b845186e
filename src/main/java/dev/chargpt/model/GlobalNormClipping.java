package dev.chargpt.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scales the whole gradient down when its L2 norm exceeds the threshold, as
 * {@code torch.nn.utils.clip_grad_norm_} does. DL4J offers only per-layer or per-parameter clipping;
 * this listener runs after the gradient is computed and before the updater sees it.
 *
 * <p>At that point DL4J's gradient is the SUM over the minibatch (the updater divides by the
 * minibatch size afterwards), while PyTorch clips the gradient of the MEAN loss. The norm is
 * therefore measured on gradient / batch, so a threshold of 1.0 means what it means in nanoGPT
 * (PyTorchParityTest found the earlier version clipping at 1/batch of the intended norm).
 */
public final class GlobalNormClipping extends BaseTrainingListener {
    private final double maxNorm;
    private double lastNorm = Double.NaN;

    public GlobalNormClipping(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray gradient = model.getGradientsViewArray();
        lastNorm = gradient.norm2Number().doubleValue() / Math.max(1, model.batchSize());
        if (maxNorm > 0 && lastNorm > maxNorm) {
            gradient.muli(maxNorm / (lastNorm + 1e-6));
        }
    }

    /** The norm, before clipping, of the most recent mean-loss gradient (NaN before the first step). */
    public double lastNorm() {
        return lastNorm;
    }
}
