package dev.chargpt.spark;

import java.nio.file.Path;

/**
 * The Aeron settings gradient sharing needs in every JVM (spark-notes.md): DL4J sets Aeron's client
 * liveness timeout to 30 s and Aeron refuses a publication-unblock timeout below it. The driver's
 * Aeron files go to the temporary directory rather than to /dev/shm, which containers keep small
 * (executors keep Aeron's default; a cluster's admin sets aeron.dir in spark.executor.extraJavaOptions).
 */
final class AeronSettings {
    static final String UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";
    static final String UNBLOCK_TIMEOUT_NS = "60000000000";

    private AeronSettings() {
    }

    /** Sets them in this JVM, where local[N] also runs its executors, unless the user set them. */
    static void applyHere() {
        setIfMissing(UNBLOCK_TIMEOUT, UNBLOCK_TIMEOUT_NS);
        setIfMissing("aeron.dir", Path.of(System.getProperty("java.io.tmpdir"), "chargpt-aeron-" + ProcessHandle.current().pid()).toString());
    }

    /** The same for executors, as {@code spark.executor.extraJavaOptions}. */
    static String executorJavaOptions() {
        return "-D" + UNBLOCK_TIMEOUT + "=" + UNBLOCK_TIMEOUT_NS;
    }

    private static void setIfMissing(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
