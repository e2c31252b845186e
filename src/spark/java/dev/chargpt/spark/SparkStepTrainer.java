package dev.chargpt.spark;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;
import dev.chargpt.config.RunConfig;
import dev.chargpt.train.ClusterSettings;
import dev.chargpt.train.StepTrainer;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithm;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains the epoch loop's steps on Spark, {@link #STEPS_PER_CALL} at a time: each step's batch is cut
 * into one minibatch per worker (as {@code --workers} cuts it), the minibatches of all the call's
 * steps go to the executors as one RDD, and the trained weights come back into the driver's network,
 * which the loop then validates, saves and samples as without Spark.
 */
final class SparkStepTrainer implements StepTrainer {
    /**
     * Steps per Spark call: each call is a job with a broadcast of the weights, a fixed cost of a few
     * hundred milliseconds that a single step could not pay for; 50 keeps progress lines and
     * {@code --eval-every} within 50 steps. A multiple of {@link TrainingMasters#AVERAGING_FREQUENCY}.
     */
    static final int STEPS_PER_CALL = 50;
    /** What DL4J's executor says when the driver's mesh does not answer (AeronUdpTransport, M2.1). */
    private static final String MESH_UNREACHABLE = "Can't establish connection";
    /** Spark's words for an executor JVM that went away, and its reason ("Command exited with code 137"). */
    private static final Pattern EXECUTOR_LOST = Pattern.compile("ExecutorLostFailure \\([^)]*\\) Reason: ([^\\n]*?)\\s*(?:Driver stacktrace:|$)",
            Pattern.MULTILINE);

    private final JavaSparkContext context;
    private final MultiLayerNetwork network;
    private final SparkDl4jMultiLayer spark;
    private final ClusterSettings.Mode mode;
    private final int workers;
    private final int perWorker;
    private final String controllerAddress;
    private final LearningGuard guard = new LearningGuard();

    SparkStepTrainer(JavaSparkContext context, MultiLayerNetwork network, RunConfig config, ClusterSettings.Mode mode,
                     int workers, int workersPerExecutor, String controllerAddress) {
        this(context, network, config, mode, workers, workersPerExecutor, controllerAddress, TrainingMasters.defaultThreshold());
    }

    /** @param threshold gradient sharing's update encoding (a test passes one that lets nothing through) */
    SparkStepTrainer(JavaSparkContext context, MultiLayerNetwork network, RunConfig config, ClusterSettings.Mode mode,
                     int workers, int workersPerExecutor, String controllerAddress, ThresholdAlgorithm threshold) {
        this.context = context;
        this.network = network;
        this.controllerAddress = controllerAddress;
        this.mode = mode;
        this.workers = workers;
        this.perWorker = (config.batchSize() + workers - 1) / workers;
        this.spark = new SparkDl4jMultiLayer(context, network, TrainingMasters.create(mode, perWorker, workersPerExecutor,
                config.seed(), controllerAddress, threshold));
        spark.setListeners(List.of(new ClippingListener(config.optimizer().gradClip())));
    }

    @Override
    public int stepsPerCall() {
        return STEPS_PER_CALL;
    }

    @Override
    public double fit(List<DataSet> steps) {
        List<DataSet> minibatches = new ArrayList<>(steps.size() * workers);
        for (DataSet step : steps) {
            minibatches.addAll(step.batchBy(perWorker));
        }
        int iterations = network.getIterationCount();
        long first = iterations + 1;
        long last = iterations + steps.size();
        guard.before(network);
        JavaRDD<DataSet> data = context.parallelize(minibatches, Math.min(workers, minibatches.size()));
        Broadcast<INDArray> updaterState = null;
        if (mode == ClusterSettings.Mode.SHARING) {
            updaterState = context.broadcast(network.getUpdater().getStateViewArray().dup());
            data = data.mapPartitions(new RootModelRepair(updaterState));
        }
        try {
            spark.fit(data);
        } catch (Exception e) { // Scala throws SparkException, a checked exception, undeclared
            throw lost(e, first, last);
        } finally {
            if (updaterState != null) {
                updaterState.destroy();
            }
        }
        // The masters advance it unevenly (averaging per split, sharing not at all); the schedule counts steps.
        network.getLayerWiseConfigurations().setIterationCount((int) last);
        guard.after(network, first, last, mode == ClusterSettings.Mode.SHARING
                ? "gradient sharing needs every executor at an address of its own: on one host set"
                + " spark.executorEnv.DL4J_VOID_IP=127.0.0.2 (scripts/spark-local-cluster.sh does), or use --spark-mode averaging"
                : "check the learning rate and the Spark executors' logs");
        if (mode == ClusterSettings.Mode.SHARING) {
            // DL4J's sharing master reports no score (0): the driver measures the last step's batch itself,
            // with the weights after the call, so this loss is a step later than the other modes'
            DataSet lastStep = steps.get(steps.size() - 1);
            return network.score(lastStep, false) - network.calcRegularizationScore(true) / lastStep.numExamples();
        }
        // The workers' score (their mean at their last minibatch) adds the weight-decay penalty over the
        // minibatch; the history keeps the data loss.
        return spark.getScore() - network.calcRegularizationScore(true) / perWorker;
    }

    /** A failed Spark job, as one line: nothing after the last checkpoint is kept, and it resumes. */
    private RuntimeException lost(Exception e, long first, long last) {
        Throwable spark = e;
        while (spark != null && !(spark instanceof SparkException)) {
            spark = spark.getCause();
        }
        if (spark == null) {
            return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        Failure failure = Failure.of(spark, controllerAddress);
        return new BadInputException(String.format(Locale.ROOT, "Spark gave up on steps %,d-%,d (%s); the last checkpoint is"
                + " intact: %s, then continue with %s", first, last, failure.reason(), failure.fix(), Setting.RESUME), e);
    }

    /**
     * Why a Spark job failed and what to do, in plain words: Spark's abort message quotes the task's
     * Java exception and ends with "Driver stacktrace:"; neither is for the user.
     */
    record Failure(String reason, String fix) {
        static Failure of(Throwable spark, String controllerAddress) {
            String message = String.valueOf(spark.getMessage());
            if (message.contains(MESH_UNREACHABLE)) {
                return new Failure("an executor could not reach this driver's gradient-sharing mesh over UDP at "
                        + controllerAddress, "set DL4J_VOID_IP to an address of this machine the executors reach and let"
                        + " UDP through between them (or use --spark-mode averaging)");
            }
            Matcher executorLost = EXECUTOR_LOST.matcher(message);
            String reason = executorLost.find()
                    ? "an executor was lost: " + OneLineReason.oneLine(executorLost.group(1)).toLowerCase(Locale.ROOT)
                    : OneLineReason.of(spark).replaceFirst("\\s*Driver stacktrace:$", "");
            return new Failure(reason, "start the cluster's executors again");
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "on Spark: %d workers, each with %d of the step's windows and one thread; %s",
                workers, perWorker, TrainingMasters.describe(mode));
    }
}
