package dev.chargpt.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.ui.StatsFile;
import dev.chargpt.ui.UiSettings;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run with the training UI on a free port, watched as a person would: the UI's overview data
 * is fetched while the run trains, and the last score it shows must be the loss history.jsonl holds
 * for that step (on 2 workers, so the summed gradient of the data-parallel step is what is shown).
 */
class TrainingUiTest {
    private static final Pattern URL = Pattern.compile("training UI: (http://127\\.0\\.0\\.1:\\d+)/train/overview");

    @Test
    void theUiShowsTheRunsRealLossWhileItTrains(@TempDir Path work) throws Exception {
        Path corpus = SmallRuns.corpus(work);
        Path runDir = work.resolve("run");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int every = 5;
        CompletableFuture<TrainingSummary> run = CompletableFuture.supplyAsync(() ->
                new TrainingRun(SmallRuns.settings(corpus, runDir, work, 100, 400L, false, 0, 2), out,
                        dev.chargpt.Setting::fieldName, StopRequest.NEVER)
                        .watchedIn(new UiSettings("127.0.0.1", freePort(), every)).withTerminal(false).run());

        String base = awaitUrl(printed, run);
        JsonNode seen = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!run.isDone() && System.nanoTime() < deadline) {
            JsonNode data = get(base + "/train/overview/data");
            if (data.path("scoresIter").size() >= 3) {
                seen = data;
                break;
            }
            Thread.sleep(200);
        }
        run.get();
        assertTrue(seen != null, "the UI showed at least 3 scores while the run trained; printed:\n" + printed);

        JsonNode iterations = seen.get("scoresIter");
        int lastIteration = iterations.get(iterations.size() - 1).asInt();
        double lastScore = seen.get("scores").get(iterations.size() - 1).asDouble();
        assertEquals(0, lastIteration % every, "statistics every " + every + " steps");
        LossRecord row = new LossHistory(runDir.resolve("history.jsonl")).readAll().stream()
                .filter(r -> r.step() == lastIteration && !Double.isNaN(r.trainLoss())).findFirst().orElseThrow();
        assertEquals(row.trainLoss(), lastScore, 1e-9 * Math.abs(row.trainLoss()),
                "the UI's score at iteration " + lastIteration + " is that step's loss in history.jsonl");
        assertTrue(Files.size(StatsFile.in(runDir)) > 0, "the statistics are kept in the run directory");
    }

    private static String awaitUrl(ByteArrayOutputStream printed, CompletableFuture<?> run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(printed.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            if (run.isDone()) {
                run.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no training UI address printed:\n" + printed);
    }

    static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return new ObjectMapper().readTree(response.body());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
