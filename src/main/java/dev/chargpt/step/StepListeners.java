package dev.chargpt.step;

import dev.chargpt.dl4j.Dl4jInternals;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * DL4J's {@link TrainingListener} hooks for chargpt's own training steps. {@link OneGraphStep} and
 * {@link DataParallelStep} bypass {@code MultiLayerNetwork.fit}, so no listener would ever hear of a
 * step; the steps call this instead, once per optimizer step, on the main network (where the summed
 * gradient and the updated parameters live):
 * <ul>
 *   <li>{@link #gradientComputed}: the whole batch's gradient, before clipping and the updater
 *   ({@code onGradientCalculation}, as in DL4J's own fit);</li>
 *   <li>{@link #stepDone}: after the update ({@code iterationDone}), with the network's score set to
 *   the step's mean loss and its gradient holding the update the updater made of it.</li>
 * </ul>
 * With no listener both return at once: a run without {@code --ui} does no extra work.
 *
 * <p>A listener that throws (a full disk under its stats file...) is dropped with one message,
 * never the training.
 */
public final class StepListeners {
    /** MultiLayerNetwork.gradient, which has no setter ({@link #exposeGradient}). */
    public static final StepListeners NONE = new StepListeners(List.of(), message -> { });

    private final List<TrainingListener> listeners;
    private final Consumer<String> problems;
    /** The network's gradient view per parameter, built on first use (the one-graph steps never set it). */
    private Gradient perParameter;

    /** @param problems hears, in one plain line, of a listener that failed and was dropped */
    public StepListeners(List<TrainingListener> listeners, Consumer<String> problems) {
        this.listeners = new ArrayList<>(listeners);
        this.problems = problems;
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /**
     * The network's gradient view holds the whole batch's summed-loss gradient, not yet clipped.
     *
     * @param gradientTable the gradient view per parameter as the step keys it ({@link OneGraphStep#gradientTable});
     *                      empty where DL4J's own fit has set the network's gradient
     */
    public void gradientComputed(MultiLayerNetwork network, Map<String, INDArray> gradientTable) {
        if (listeners.isEmpty()) {
            return;
        }
        exposeGradient(network, gradientTable);
        each(listener -> listener.onGradientCalculation(network));
    }

    /**
     * The step on {@code batch} is done: the parameters are updated and the gradient view holds the
     * update. Listeners see iteration = the step's number as {@code history.jsonl} counts it (the
     * network's iteration count after the step), and the layers' counts of the step itself, so the
     * learning rate they read is the one this step used.
     */
    public void stepDone(MultiLayerNetwork network, DataSet batch, double meanLoss, Map<String, INDArray> gradientTable) {
        if (listeners.isEmpty()) {
            return;
        }
        int step = network.getIterationCount();
        for (Layer layer : network.getLayers()) {
            layer.setIterationCount(step - 1);
            layer.setEpochCount(network.getEpochCount());
        }
        network.setScore(meanLoss);
        exposeGradient(network, gradientTable);
        // StatsListener counts examples per second from the network's input and labels.
        network.setInput(batch.getFeatures());
        network.setLabels(batch.getLabels());
        try {
            each(listener -> listener.iterationDone(network, step, network.getEpochCount()));
        } finally {
            network.setInput(null);
            network.setLabels(null);
        }
    }

    private void each(Consumer<TrainingListener> call) {
        for (TrainingListener listener : List.copyOf(listeners)) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                listeners.remove(listener);
                problems.accept("the training UI's statistics stopped (" + e.getMessage() + "); training goes on");
            }
        }
    }

    /**
     * {@code network.gradient()}, which StatsListener reads per parameter, is set only by DL4J's own
     * fit; for the one-graph steps it is their gradient table, the network's gradient view split per
     * parameter and keyed {@code <layer>_<param>} as DL4J keys them. MultiLayerNetwork has no setter for it.
     */
    private void exposeGradient(MultiLayerNetwork network, Map<String, INDArray> gradientTable) {
        Gradient current = network.gradient();
        if (current != null && !current.gradientForVariable().isEmpty()) {
            return; // DL4J's fit set it (layer by layer), views of the same gradient array
        }
        if (perParameter == null) {
            DefaultGradient gradient = new DefaultGradient(network.getGradientsViewArray());
            gradientTable.forEach(gradient::setGradientFor);
            perParameter = gradient;
        }
        Dl4jInternals.NETWORK_GRADIENT.set(network, perParameter);
    }
}
