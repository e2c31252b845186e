package dev.chargpt.step;

import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * One optimizer step on a batch: forward, backward, global-norm clipping, AdamW through the
 * network's own updater. Two ways exist, the same mathematics (OneGraphStepTest checks gradients and
 * five AdamW steps of one against the other in double precision):
 * <ul>
 *   <li>{@link OneGraphStep}: the whole network as one SameDiff graph, one forward and one backward
 *   pass; fast, but it keeps every array of the step (about 300 MB for 12 windows of cpu-small, 33 GB on gpu-baby);</li>
 *   <li>{@link LayerByLayerStep}: DL4J's own {@code fit}, which keeps only each layer's input and
 *   recomputes the layer's forward pass inside its backward pass; slower, small.</li>
 * </ul>
 * {@link #forNetwork} takes the one graph whenever its memory fits ({@link OneGraphMemory}).
 */
public interface TrainingStep extends AutoCloseable {
    /** Trains on {@code batch}; returns its mean cross-entropy per character in nats, before the step. */
    double fit(DataSet batch);

    /** Ends the step's worker threads, if it has any. */
    @Override
    default void close() {
    }

    /** The norm of the last step's mean-loss gradient, before clipping. */
    double lastGradientNorm();

    /**
     * The one-graph step when its estimated memory fits in what the device has (on {@code workers}
     * threads, each with its share of the step's {@code batchSize} windows, when more than one), else
     * layer by layer on one thread: the same step, to float rounding.
     */
    static TrainingStep forNetwork(MultiLayerNetwork network, double maxGradientNorm, int batchSize, int workers) {
        return forNetwork(network, maxGradientNorm, batchSize, workers, StepListeners.NONE);
    }

    /** {@link #forNetwork(MultiLayerNetwork, double, int, int)} whose every step {@code listeners} hear of. */
    static TrainingStep forNetwork(MultiLayerNetwork network, double maxGradientNorm, int batchSize, int workers,
                                   StepListeners listeners) {
        if (!OneGraphMemory.of(network, batchSize).fits()) {
            return new LayerByLayerStep(network, maxGradientNorm, listeners);
        }
        int used = Math.min(workers, batchSize);
        return used > 1 ? new DataParallelStep(network, maxGradientNorm, used, listeners)
                : new OneGraphStep(network, maxGradientNorm, listeners);
    }

    /** Which step {@link #forNetwork} takes and why, for the run's first lines. */
    static String explainChoice(MultiLayerNetwork network, int batchSize, int workers) {
        OneGraphMemory memory = OneGraphMemory.of(network, batchSize);
        int used = Math.min(workers, batchSize);
        String how = !memory.fits() ? "layer by layer (DL4J's fit), on one worker"
                : used > 1 ? "one graph (one forward and one backward pass) on " + used + " workers, each with "
                        + shares(batchSize, used) + " of the step's " + batchSize + " windows and one thread"
                : "one graph (one forward and one backward pass), one worker";
        return how + "; " + memory.describe();
    }

    /** "8" or "5 or 6": the windows each of {@code workers} gets of a step's {@code batchSize}. */
    private static String shares(int batchSize, int workers) {
        int fewest = batchSize / workers;
        return batchSize % workers == 0 ? String.valueOf(fewest) : fewest + " or " + (fewest + 1);
    }

    /**
     * The memory a step keeps while it runs, in bytes, from the model's shape: the one-graph step
     * keeps its whole forward and backward pass ({@link OneGraphMemory}); DL4J's layer-by-layer fit
     * keeps every layer's activations too, but not the graph's intermediate copies: measured on
     * gpu-baby on the CPU, an 11.5 GB peak, about a third of the one-graph estimate. For the run's
     * memory plan, before any network exists.
     */
    static long workspaceEstimate(ModelConfig model, int batchSize, long physicalBytes) {
        long oneGraph = OneGraphMemory.estimate(Float.BYTES, batchSize, model.blockSize(), model.layers(), model.heads(),
                model.width());
        return oneGraph <= OneGraphMemory.SHARE * physicalBytes ? oneGraph : oneGraph / 3;
    }
}
