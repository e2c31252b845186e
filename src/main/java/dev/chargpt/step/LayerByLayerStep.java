package dev.chargpt.step;

import dev.chargpt.optim.GlobalNormClipping;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.api.DataSet;

import java.util.Map;

/**
 * DL4J's own {@code fit}, layer by layer: the memory-frugal {@link TrainingStep} for models whose
 * one-graph step would not fit (see {@link TrainingStep}). Global-norm clipping runs where DL4J lets
 * a listener see the gradient before the updater.
 */
public final class LayerByLayerStep implements TrainingStep {
    private final MultiLayerNetwork network;
    private final GlobalNormClipping clipping;
    private final StepListeners listeners;

    public LayerByLayerStep(MultiLayerNetwork network, double maxGradientNorm) {
        this(network, maxGradientNorm, StepListeners.NONE);
    }

    /**
     * @param listeners hear of every step through {@link StepListeners}, not as the network's own
     *                  listeners: DL4J's fit would show them its score, which includes the weight-decay penalty
     */
    public LayerByLayerStep(MultiLayerNetwork network, double maxGradientNorm, StepListeners listeners) {
        this.network = network;
        this.clipping = new GlobalNormClipping(maxGradientNorm);
        this.listeners = listeners;
        network.setListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                listeners.gradientComputed(network, Map.of()); // DL4J's fit has set network.gradient()
                clipping.clip(model.getGradientsViewArray(), model.batchSize());
            }
        });
    }

    @Override
    public double fit(DataSet batch) {
        // DL4J's score adds the weight-decay penalty over the batch size; subtracting the penalty of
        // the weights the gradient was taken at leaves the data loss in nats.
        double penalty = network.calcRegularizationScore(true) / batch.getFeatures().size(0);
        network.fit(batch);
        double loss = network.score() - penalty;
        listeners.stepDone(network, batch, loss, Map.of());
        return loss;
    }

    @Override
    public double lastGradientNorm() {
        return clipping.lastNorm();
    }
}
