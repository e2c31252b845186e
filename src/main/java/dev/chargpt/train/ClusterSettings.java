package dev.chargpt.train;

import java.util.Locale;

/**
 * Where {@code chargpt train --spark MASTER} trains, and how.
 *
 * @param master a Spark master URL: {@code local[N]}, {@code spark://host:port}, or {@code null} for the
 *               one {@code spark-submit} hands the driver
 * @param mode   how the workers combine their work
 */
public record ClusterSettings(String master, Mode mode) {
    /** DL4J's two Spark training masters. */
    public enum Mode {
        /** {@code ParameterAveragingTrainingMaster}: every few steps the workers' weights are averaged. */
        AVERAGING,
        /** {@code SharedTrainingMaster}: workers exchange thresholded updates over Aeron as they go. */
        SHARING;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The mode the measurements chose (benchmarks/README.md, "Spark"). */
    public static final Mode DEFAULT_MODE = Mode.AVERAGING;
}
