package dev.chargpt.spark;

import dev.chargpt.train.ClusterSettings;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * DL4J's training master for each {@link ClusterSettings.Mode}, with the settings chargpt's steps need:
 * minibatches that are ready (one RDD element is one worker's share of a step), trained directly from
 * the RDD rather than exported to files first (DL4J's default, which needs a shared file system).
 */
final class TrainingMasters {
    /** Parameter averaging: steps each worker takes between two averagings of weights and AdamW state. */
    static final int AVERAGING_FREQUENCY = 5;

    private TrainingMasters() {
    }

    static String describe(ClusterSettings.Mode mode) {
        return switch (mode) {
            case AVERAGING -> "parameter averaging (each worker steps on its share of the batch; weights and AdamW's"
                    + " state are averaged every " + AVERAGING_FREQUENCY + " steps)";
            case SHARING -> "gradient sharing (each worker steps on its share of the batch and sends its thresholded"
                    + " updates to the others over Aeron)";
        };
    }

    /**
     * @param perWorker      windows in each worker's minibatch
     * @param workersPerNode training threads in each executor JVM (sharing only)
     * @param threshold      the update encoding of gradient sharing (tests pass one that lets nothing through)
     */
    static TrainingMaster<?, ?> create(ClusterSettings.Mode mode, int perWorker, int workersPerNode, long seed,
                                       String controllerAddress, ThresholdAlgorithm threshold) {
        return switch (mode) {
            case AVERAGING -> new ParameterAveragingTrainingMaster.Builder(perWorker)
                    .batchSizePerWorker(perWorker)
                    .averagingFrequency(AVERAGING_FREQUENCY)
                    .saveUpdater(true)
                    .rngSeed(seed)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .collectTrainingStats(false)
                    .build();
            case SHARING -> new SharedTrainingMaster.Builder(VoidConfiguration.builder()
                    .portSupplier(new FreeUdpPort())
                    .controllerAddress(controllerAddress)
                    .build(), perWorker)
                    .thresholdAlgorithm(threshold)
                    // The RDD comes with one partition per worker, so each worker's task trains all its
                    // minibatches of the call. Repartition.Never alone is not enough: the builder's default
                    // repartitioner takes precedence over it (SharedTrainingMaster.doIteration) and cut each
                    // call into one task per minibatch, each of which rebuilt DL4J's trainer threads and the
                    // workers' models (seconds per step), and in local[N] raced two threads to recreate the
                    // root model's solver (the second call then hung in DefaultTrainer.waitTillRunning).
                    .repartitioner(null)
                    .repartitionData(Repartition.Never)
                    // persisting a list the driver just parallelised only copies it
                    .storageLevel(null)
                    // DL4J's periodic System.gc() on the workers: in local[N] that is the driver's JVM too
                    .workerTogglePeriodicGC(false)
                    .batchSizePerWorker(perWorker)
                    .workersPerNode(workersPerNode)
                    .rngSeed(seed)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .collectTrainingStats(false)
                    .build();
        };
    }

    /** DL4J's recommended start for gradient sharing: a threshold that adapts to the updates' size. */
    static ThresholdAlgorithm defaultThreshold() {
        return new AdaptiveThresholdAlgorithm(1e-3);
    }
}
