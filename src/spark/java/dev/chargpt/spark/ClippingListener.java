package dev.chargpt.spark;

import dev.chargpt.optim.GlobalNormClipping;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.Serializable;

/**
 * Global-norm clipping on the executors: DL4J's fit on a worker calls this between the gradient and
 * the updater, as chargpt's layer-by-layer step does on one machine. Serializable, because Spark ships
 * the listeners to its workers with the training master.
 */
final class ClippingListener extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double maxNorm;

    ClippingListener(double maxNorm) {
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        new GlobalNormClipping(maxNorm).clip(model.getGradientsViewArray(), model.batchSize());
    }
}
