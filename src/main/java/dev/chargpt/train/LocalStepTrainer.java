package dev.chargpt.train;

import dev.chargpt.step.StepListeners;
import dev.chargpt.step.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/** Steps in this process, one per call, through the {@link TrainingStep} that fits the machine. */
final class LocalStepTrainer implements StepTrainer {
    private final TrainingStep step;
    private final String description;
    private final int workers;

    LocalStepTrainer(MultiLayerNetwork network, double maxGradientNorm, int batchSize, int workers, StepListeners listeners) {
        this.step = TrainingStep.forNetwork(network, maxGradientNorm, batchSize, workers, listeners);
        this.description = TrainingStep.explainChoice(network, batchSize, workers);
        this.workers = workers;
    }

    @Override
    public int threads() {
        return workers;
    }

    @Override
    public int stepsPerCall() {
        return 1;
    }

    @Override
    public double fit(List<DataSet> steps) {
        double loss = Double.NaN;
        for (DataSet batch : steps) {
            loss = step.fit(batch);
        }
        return loss;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        step.close();
    }
}
