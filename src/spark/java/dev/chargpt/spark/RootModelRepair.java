package dev.chargpt.spark;

import dev.chargpt.dl4j.Dl4jInternals;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;

/**
 * Runs in each gradient-sharing task, on the executor, before the task hands its minibatches to DL4J:
 * gives DL4J's root model back the updater that DL4J's own trainer took from it.
 *
 * <p>Why (DL4J 1.0.0-M2, read in its sources and seen in jstack on the standalone cluster): an
 * executor's SharedTrainingWrapper keeps one root model across calls, and its first trainer thread,
 * which trains that model itself, clears it when a call ends ({@code DefaultTrainer}'s
 * {@code replicatedModel.clear()}: no solver, no updater). In the next call the second trainer thread
 * copies the root's updater and has to create it, which needs the root model's lock; the first thread
 * holds that lock for its whole {@code fit} and waits for the second at the update barrier. Both wait
 * forever (the third call of a run, on the cluster and in local[2]). Creating the updater here, on the
 * task's thread before the trainers start, takes the lock away from that race; its state is the
 * driver's AdamW state, which is what DL4J hands back to the driver after each call.
 */
final class RootModelRepair implements FlatMapFunction<Iterator<DataSet>, DataSet> {
    private static final Object LOCK = new Object();
    private final Broadcast<INDArray> updaterState;

    RootModelRepair(Broadcast<INDArray> updaterState) {
        this.updaterState = updaterState;
    }

    @Override
    public Iterator<DataSet> call(Iterator<DataSet> minibatches) {
        synchronized (LOCK) {
            if (rootModel() instanceof MultiLayerNetwork root && root.getUpdater(false) == null) {
                Updater updater = root.getUpdater(true);
                updater.getStateViewArray().assign(updaterState.value());
            }
        }
        return minibatches;
    }

    /** The executor's root model of gradient sharing: null before the first call, or after a reset. */
    static Object rootModel() {
        return Dl4jInternals.SHARED_TRAINING_ROOT_MODEL.get(Dl4jInternals.SHARED_TRAINING_WRAPPER.get(null));
    }
}
