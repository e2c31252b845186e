package dev.chargpt.spark;

import dev.chargpt.BadInputException;
import dev.chargpt.config.RunConfig;
import dev.chargpt.train.Cluster;
import dev.chargpt.train.ClusterSettings;
import dev.chargpt.train.StepTrainer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A Spark context for one run: {@code local[N]} in this process, a standalone master, or whatever
 * {@code spark-submit} configured. This process is the driver; the executors train the steps.
 */
final class SparkCluster implements Cluster {
    /** How long a cluster may take to give the run its first executor. */
    private static final long EXECUTOR_WAIT_MS = 90_000;

    private final JavaSparkContext context;
    private final ClusterSettings settings;
    private final boolean local;

    private SparkCluster(JavaSparkContext context, ClusterSettings settings) {
        this.context = context;
        this.settings = settings;
        this.local = context.isLocal();
    }

    static SparkCluster start(ClusterSettings settings, PrintStream out) {
        SparkConf conf = new SparkConf().setAppName("chargpt");
        if (settings.master() != null) {
            conf.setMaster(settings.master());
        } else if (!conf.contains("spark.master")) {
            throw new BadInputException("--spark submit takes its master from spark-submit, and none was given: run it"
                    + " through spark-submit --master URL, or name the master (--spark local[2], --spark spark://HOST:7077)");
        }
        String master = conf.get("spark.master");
        MasterAddress.requireUsable(master);
        // one native thread per task: an executor runs as many tasks at once as it has cores
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.executor.extraJavaOptions", AeronSettings.executorJavaOptions());
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (settings.mode() == ClusterSettings.Mode.SHARING) {
            // A sharing task that failed cannot be tried again: DL4J's mesh on its executor is JVM-wide and
            // stays half-made, so Spark's retry (4 tries on a cluster) waited on it for ever. One failure
            // ends the job, and the run ends with its reason.
            conf.setIfMissing("spark.task.maxFailures", "1");
        }
        ownJar().ifPresentOrElse(jar -> conf.setIfMissing("spark.jars", jar.toString()), () -> { });
        AeronSettings.applyHere();
        JavaSparkContext context = new JavaSparkContext(conf);
        context.setLogLevel("WARN");
        SparkCluster cluster = new SparkCluster(context, settings);
        try {
            cluster.awaitExecutors();
        } catch (RuntimeException e) {
            context.stop();
            throw e;
        }
        return cluster;
    }

    /** The jar these classes came from, for executors on other JVMs (spark-submit sets it itself). */
    private static Optional<Path> ownJar() {
        try {
            Path location = Path.of(SparkCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A standalone or YARN master may start executors after the context: the run needs at least one. */
    private void awaitExecutors() {
        if (local) {
            return;
        }
        long deadline = System.currentTimeMillis() + EXECUTOR_WAIT_MS;
        while (executors() < 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new BadInputException("the Spark master " + context.master() + " gave this run no executor in "
                        + EXECUTOR_WAIT_MS / 1000 + " s: check in its web UI (port 8080) that a worker is registered with"
                        + " free cores and enough memory for spark.executor.memory");
            }
            sleep(500);
        }
        sleep(2_000); // the other executors of a multi-worker cluster register within moments of the first
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark executors", e);
        }
    }

    /** Executors registered now (Spark lists the driver among them too). */
    private int executors() {
        return context.sc().statusTracker().getExecutorInfos().length - 1;
    }

    @Override
    public int workers() {
        return context.defaultParallelism();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Spark %s, master %s, %d workers (%s), %s", context.version(), context.master(),
                workers(), local ? "threads of this process" : executors() + " executors", TrainingMasters.describe(settings.mode()));
    }

    @Override
    public StepTrainer trainer(MultiLayerNetwork network, RunConfig config) {
        return new SparkStepTrainer(context, network, config, settings.mode(), workers(), workersPerExecutor(),
                ControllerAddress.of(context));
    }

    /** Tasks one executor runs at once: its cores (local[N] is one executor of N). */
    private int workersPerExecutor() {
        if (local) {
            return workers();
        }
        return context.getConf().getInt("spark.executor.cores", Math.max(1, workers() / Math.max(1, executors())));
    }

    @Override
    public void close() {
        context.stop();
    }
}
