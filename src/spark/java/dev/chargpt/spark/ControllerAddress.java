package dev.chargpt.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The address executors reach the driver's gradient-sharing mesh at: DL4J_VOID_IP when set (DL4J's
 * own variable), 127.0.0.1 in local[N], else the address Spark's executors reach the driver at.
 */
final class ControllerAddress {
    private ControllerAddress() {
    }

    static String of(JavaSparkContext context) {
        String configured = System.getenv("DL4J_VOID_IP");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return context.isLocal() ? "127.0.0.1" : context.getConf().get("spark.driver.host", "127.0.0.1");
    }
}
