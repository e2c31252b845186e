package dev.chargpt.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.fixture.UiEndpoints;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.ui.StatsFile;
import dev.chargpt.ui.UiSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run with the training UI on a free port, watched as a person would: the UI's overview data
 * is fetched while the run trains, and the last score it shows must be the loss history.jsonl holds
 * for that step (on 2 workers, so the summed gradient of the data-parallel step is what is shown).
 */
class TrainingUiTest {
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
                        .watchedIn(new UiSettings("127.0.0.1", UiEndpoints.freePort(), every)).withTerminal(false).run());

        String base = UiEndpoints.awaitAddress(printed, run, Duration.ofMinutes(2));
        JsonNode seen = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!run.isDone() && System.nanoTime() < deadline) {
            JsonNode data = UiEndpoints.json(base + "/train/overview/data");
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
}
