package dev.chargpt.train;

import dev.chargpt.optim.WeightAverage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network being trained and, in a run that keeps an average of its weights ({@code --ema}), that
 * average and a second network that holds it for validation, samples and the best checkpoint. In a
 * run without one, the weights in use are the trained ones.
 */
final class TrainedWeights {
    private final MultiLayerNetwork training;
    private final WeightAverage average;
    private final MultiLayerNetwork averaged;
    private long averagedAt = -1;

    private TrainedWeights(MultiLayerNetwork training, WeightAverage average) {
        this.training = training;
        this.average = average;
        this.averaged = average == null ? null : training.clone();
    }

    /**
     * @param saved the average a checkpoint saved, or null to start one at the network's weights
     * @param ema   the average's decay per step, 0 for none
     */
    static TrainedWeights of(MultiLayerNetwork network, INDArray saved, double ema) {
        if (ema == 0) {
            return new TrainedWeights(network, null);
        }
        return new TrainedWeights(network, saved != null ? WeightAverage.resumed(saved, ema)
                : WeightAverage.startingAt(network.params(), ema));
    }

    MultiLayerNetwork training() {
        return training;
    }

    /** After optimizer steps {@code first} to {@code last} (counted from 1), seen at the last. */
    void stepsDone(long first, long last) {
        if (average != null) {
            average.update(training.params(), first, last);
        }
    }

    /** The network whose weights are validated, sampled and kept as the best: the average's, if the run keeps one. */
    MultiLayerNetwork inUse() {
        if (average == null) {
            return training;
        }
        long step = training.getIterationCount();
        if (averagedAt != step) {
            averaged.setParams(average.weights());
            averagedAt = step;
        }
        return averaged;
    }

    /** The average to save with a checkpoint, or null. */
    INDArray average() {
        return average == null ? null : average.weights();
    }
}
