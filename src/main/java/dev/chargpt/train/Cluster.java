package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.config.RunConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.PrintStream;
import java.util.ServiceLoader;

/**
 * A cluster that trains a run's steps on other threads or machines, while this process (the driver)
 * keeps the epoch loop: validation, checkpoints, samples and the chart. Only chargpt's Spark build
 * ({@code mvn -P cpu,spark package}) has one; the default jar finds none and says so.
 */
public interface Cluster extends AutoCloseable {
    /** Workers that train at once; each takes its share of a step's batch, as {@code --workers} does. */
    int workers();

    /** The master, mode and workers, for the run's first lines. */
    String describe();

    /** A trainer of {@code network}'s steps under {@code config}, whose batch is the whole step's. */
    StepTrainer trainer(MultiLayerNetwork network, RunConfig config);

    @Override
    void close();

    /** How a build offers a cluster: a {@link ServiceLoader} provider. */
    interface Connector {
        Cluster connect(ClusterSettings settings, PrintStream out);
    }

    /** Connects to the cluster {@code settings} name, through the first connector on the class path. */
    static Cluster connect(ClusterSettings settings, PrintStream out) {
        return ServiceLoader.load(Connector.class).findFirst()
                .orElseThrow(() -> new BadInputException("this chargpt has no Spark in it: --spark needs the Spark build;"
                        + " run scripts/chargpt-spark train --spark " + (settings.master() == null ? "MASTER" : settings.master())
                        + " ... from the checkout, or spark-submit target/spark/chargpt-spark.jar (README, \"Scale out on Spark\")"))
                .connect(settings, out);
    }
}
