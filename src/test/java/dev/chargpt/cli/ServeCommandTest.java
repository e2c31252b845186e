package dev.chargpt.cli;

import dev.chargpt.fixture.CraftedCheckpoint;
import dev.chargpt.fixture.UiEndpoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chargpt serve} as a person runs it, in-process on the golden checkpoint: it prints the
 * page's address, serves it, and stops cleanly when interrupted (Ctrl-C runs the same closing from
 * a shutdown hook): the stream running then ends with a sentence, exit 0, the port closed. Bad
 * options are one line and exit 2.
 */
class ServeCommandTest {
    private static final Pattern ADDRESS = Pattern.compile("chargpt serve: (http://127\\.0\\.0\\.1:\\d+/) \\(run golden,"
            + " best checkpoint: 1 layers x 2 heads x 8, block 8; Ctrl-C to stop\\)");

    @TempDir
    Path dir;
    private Path model;

    @BeforeEach
    void copyTheGoldenCheckpoint() throws IOException {
        model = CraftedCheckpoint.goldenRun(dir);
    }

    @Test
    void printsTheAddressServesAndStopsCleanly() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread serving = new Thread(() -> exit.complete(Main.run(new String[] {"serve", "--model", model.toString(), "--port", "0"},
                out, out)), "chargpt-serve-under-test");
        serving.start();
        String base = awaitAddress(printed, exit);
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "api/generate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"length\":100,\"pace\":10}")).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(500); // a few characters into it

        serving.interrupt();

        assertEquals(0, exit.get(1, TimeUnit.MINUTES), printed::toString);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("chargpt serve stopped (1 generation cut short)"), printed::toString);
        String body = stream.get(30, TimeUnit.SECONDS).body();
        assertTrue(body.strip().endsWith("{\"type\":\"error\",\"error\":\"the server is stopping; the text ends here\"}"), body);
        assertFalse(UiEndpoints.listening(URI.create(base).getPort()), "the port is closed");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertRefused(CliRun.of("serve", "--model", model.toString(), "--port", "70000"), "--port must be a port number");
    }

    @Test
    void refusesCapsBelowOne() {
        assertRefused(CliRun.of("serve", "--model", model.toString(), "--max-generations", "0"), "--max-generations must be");
        assertRefused(CliRun.of("serve", "--model", model.toString(), "--max-length", "-5"), "--max-length must be");
    }

    @Test
    void refusesAMissingRun() {
        assertRefused(CliRun.of("serve", "--model", dir.resolve("nowhere").toString()), "--model", "does not exist");
    }

    @Test
    void refusesAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertRefused(CliRun.of("serve", "--model", model.toString(), "--port", String.valueOf(taken.getLocalPort())),
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "choose another --port");
        }
    }

    private static void assertRefused(CliRun run, String... parts) {
        assertEquals(2, run.exitCode(), run::toString);
        String line = run.singleErrorLine();
        for (String part : parts) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
    }

    private static String awaitAddress(ByteArrayOutputStream printed, CompletableFuture<Integer> exit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = ADDRESS.matcher(printed.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            if (exit.isDone()) {
                throw new AssertionError("serve ended (exit " + exit.get() + "):\n" + printed);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no address printed:\n" + printed);
    }

}
