package dev.chargpt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.fixture.UiEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chargpt ui --model A --model B} as a person uses it, in-process: two short runs trained with
 * --ui, then the command serves them on a free port; the UI's data endpoints list both runs as
 * sessions with their scores at the steps the runs reported; interrupting the command (as a test
 * stops it; Ctrl-C runs the same closing from a shutdown hook) stops the server: exit 0 and the port closed.
 */
class UiCommandServeTest {

    @TempDir
    Path dir;

    @Test
    void servesTwoRunsAndStopsCleanly() throws Exception {
        Path a = train("a", 6);
        Path b = train("b", 4);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread serving = new Thread(() -> exit.complete(Main.run(new String[] {"ui", "--model", a.toString(), "--model",
                b.toString(), "--ui-port", "0"}, out, err)), "chargpt-ui-under-test");
        serving.start();
        String base = UiEndpoints.awaitAddress(printed, exit, Duration.ofMinutes(2));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("(2 runs; Ctrl-C to stop)"), printed::toString);

        // The UI learns of the attached files' sessions on its own event thread: wait for both.
        JsonNode sessions = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            sessions = UiEndpoints.json(base + "/train/sessions/info");
            if (sessions.has("a") && sessions.has("b")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(Set.of("a", "b"), names(sessions), "one session per run directory: " + sessions);
        for (String run : List.of("a", "b")) {
            assertEquals(1, sessions.get(run).get("numWorkers").asInt(), "one worker per run: " + sessions.get(run));
            UiEndpoints.text(base + "/train/sessions/set/" + run);
            assertEquals(run, UiEndpoints.text(base + "/train/sessions/current"));
            JsonNode overview = UiEndpoints.json(base + "/train/overview/data");
            List<Integer> iterations = new ArrayList<>();
            overview.get("scoresIter").forEach(i -> iterations.add(i.asInt()));
            assertEquals(run.equals("a") ? List.of(2, 4, 6) : List.of(2, 4), iterations,
                    "run " + run + "'s scores, every 2 steps: " + overview);
            overview.get("scores").forEach(score -> assertTrue(score.asDouble() > 0 && score.asDouble() < 10, "a loss in nats"));
        }

        serving.interrupt();
        assertEquals(0, exit.get(1, TimeUnit.MINUTES), () -> "exit code; stderr:\n" + errors);
        serving.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(serving.isAlive());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("training UI stopped"), printed::toString);
        assertFalse(UiEndpoints.listening(URI.create(base).getPort()), "the server stopped listening");
    }

    /** A short run trained with --ui, statistics every 2 steps. */
    private Path train(String name, int steps) throws IOException {
        Path corpus = dir.resolve("small.txt");
        Files.writeString(corpus, "to be or not to be, that is the question. ".repeat(200), StandardCharsets.UTF_8);
        Path run = dir.resolve(name);
        CliRun trained = CliRun.of("train", "--corpus", corpus.toString(), "--out", run.toString(), "--data-dir",
                dir.resolve("data").toString(), "--charts-dir", dir.resolve("charts").toString(),
                "--layers", "1", "--heads", "1", "--width", "16", "--block-size", "8", "--batch-size", "4",
                "--max-steps", String.valueOf(steps), "--sample-length", "0", "--ui", "--ui-port", "0", "--ui-every", "2");
        assertEquals(0, trained.exitCode(), trained::toString);
        return run;
    }

    private static Set<String> names(JsonNode sessions) {
        Set<String> names = new TreeSet<>();
        sessions.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
