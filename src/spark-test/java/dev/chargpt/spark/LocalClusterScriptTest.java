package dev.chargpt.spark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/spark-local-cluster.sh as a user runs it: start a standalone master and worker on 127.0.0.1,
 * spark-submit a short run to them, find a complete run directory, stop them. Needs the Spark jar and
 * Spark's jars built first ({@code scripts/chargpt-spark --version}; .ci/run does it), because the
 * script would otherwise build them while Maven runs this test.
 */
@Tag("spark-cluster")
class LocalClusterScriptTest {
    private static final Path SCRIPT = Path.of("scripts/spark-local-cluster.sh");

    @TempDir
    Path dir;

    private static String run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, 0, Map.of(), command);
    }

    private static String run(long timeoutSeconds, int exitCode, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("cluster-script", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n" + output);
        assertEquals(exitCode, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    /** 127.0.0.1:49876, or null when something else holds it already (the case this stands for). */
    private static DatagramSocket holdDl4jDefaultPort() {
        try {
            return new DatagramSocket(new InetSocketAddress("127.0.0.1", 49876));
        } catch (SocketException alreadyHeld) {
            return null;
        }
    }

    @Test
    void aRunSubmittedToTheLocalClusterWritesItsRunDirectory() throws Exception {
        assertTrue(Files.isRegularFile(Path.of("target/spark/chargpt-spark.jar")) && Files.isDirectory(Path.of("target/spark/home/jars")),
                "build the Spark jar and Spark's jars first: scripts/chargpt-spark --version");
        String text = Files.readString(Path.of(System.getProperty("chargpt.sharedData", "../shared/data"), "tinyshakespeare.txt"));
        Path corpus = dir.resolve("small.txt");
        Files.writeString(corpus, text.substring(0, 40_000));
        Path out = dir.resolve("run");
        try {
            assertTrue(run(180, SCRIPT.toString(), "start").contains("with 1 worker"));
            List<String> submit = new ArrayList<>(List.of(SCRIPT.toString(), "submit", "--corpus", corpus.toString(),
                    "--out", out.toString(), "--charts-dir", dir.resolve("charts").toString(), "--layers", "1", "--heads", "2",
                    "--width", "32", "--block-size", "16", "--batch-size", "4", "--max-steps", "100", "--sample-length", "40"));
            String output = run(600, submit.toArray(String[]::new));
            assertTrue(output.contains("cluster: Spark 3.5.9, master spark://127.0.0.1:7077"), output);
            assertTrue(output.contains("executors"), output);
            // gradient sharing on the same executor: 4 calls of 50 steps (the executor's DL4J state outlives
            // each call, and its third call once deadlocked)
            List<String> sharing = new ArrayList<>(submit);
            sharing.set(sharing.indexOf("--out") + 1, dir.resolve("sharing").toString());
            sharing.set(sharing.indexOf("--max-steps") + 1, "200");
            sharing.addAll(List.of("--spark-mode", "sharing"));
            String shared;
            // DL4J's fixed port held, as a test JVM's or an earlier run's mesh held it in CI: every run once
            // took 49876, whatever port it asked for, and its executors then waited on a driver that had
            // failed to bind it
            try (DatagramSocket earlierMesh = holdDl4jDefaultPort()) {
                shared = run(600, sharing.toArray(String[]::new));
            }
            assertTrue(shared.contains("gradient sharing"), shared);
            // a driver address the executors cannot reach (192.0.2.1 is for documentation, RFC 5737): the run
            // ends with one line in seconds instead of waiting on DL4J's retried tasks for ever
            List<String> unreachable = new ArrayList<>(sharing);
            unreachable.set(unreachable.indexOf("--out") + 1, dir.resolve("unreachable").toString());
            String refused = run(180, 2, Map.of("DL4J_VOID_IP", "192.0.2.1"), unreachable.toArray(String[]::new));
            assertTrue(refused.contains("chargpt: Spark gave up on steps 1-50 (an executor could not reach this driver's"
                    + " gradient-sharing mesh over UDP at 192.0.2.1); the last checkpoint is intact: set DL4J_VOID_IP"), refused);
        } finally {
            run(120, SCRIPT.toString(), "stop");
        }
        for (String file : List.of("latest.zip", "best.zip", "history.jsonl", "config.properties")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " in " + out);
        }
        assertTrue(Files.isRegularFile(dir.resolve("charts/run/loss.png")));
        assertTrue(Files.readString(out.resolve("history.jsonl")).contains("\"step\":100"));
        assertTrue(Files.readString(dir.resolve("sharing/history.jsonl")).contains("\"step\":200"));
    }

    /** One error, one line: no slf4j "multiple bindings" lines, no Spark start-up warnings (issue 33). */
    @Test
    void anUnreachableMasterIsOneLineFromTheSparkLauncher() throws Exception {
        String output = run(120, 2, Map.of(), "scripts/chargpt-spark", "train", "--spark", "spark://127.0.0.1:1",
                "--max-steps", "2", "--out", dir.resolve("unreached").toString());
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("chargpt: cannot reach the Spark master at spark://127.0.0.1:1"), output);
    }
}
