package dev.chargpt.spark;

import dev.chargpt.train.Cluster;
import dev.chargpt.train.ClusterSettings;

import java.io.PrintStream;

/** The Spark build's {@link Cluster.Connector}, found through {@code META-INF/services}. */
public final class SparkConnector implements Cluster.Connector {
    @Override
    public Cluster connect(ClusterSettings settings, PrintStream out) {
        return SparkCluster.start(settings, out);
    }
}
