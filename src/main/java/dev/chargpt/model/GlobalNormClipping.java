package dev.chargpt.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scales the whole gradient down when its L2 norm exceeds the threshold, as
 * {@code torch.nn.utils.clip_grad_norm_} does. DL4J offers only per-layer or per-parameter clipping;
 * this listener runs after the gradient is computed and before the updater sees it.
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
        lastNorm = gradient.norm2Number().doubleValue();
        if (maxNorm > 0 && lastNorm > maxNorm) {
            gradient.muli(maxNorm / (lastNorm + 1e-6));
        }
    }

    /** The norm before clipping of the most recent gradient (NaN before the first step). */
    public double lastNorm() {
        return lastNorm;
    }
}
