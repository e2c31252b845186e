package dev.chargpt.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.Setting;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.fixture.UiEndpoints;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.ui.RunStats;
import dev.chargpt.ui.StatsFile;
import dev.chargpt.ui.TrainingUi;
import dev.chargpt.ui.UiSettings;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsInitializationReport;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run trained with --ui on 2 workers (statistics every 5 steps), stopped at step 10, resumed to
 * step 20, then "killed": its checkpoint put back to step 10's, as after a kill with the last
 * checkpoint at step 10, and resumed to step 20 again, repeating steps 11 to 20. Read back with
 * DL4J's FileStatsStorage, the stats file holds one session, one worker, each step once, and the
 * weights under names ending in "_W" (the checkpoints keep their own names); the UI served from it
 * draws the overview's update ratios and standard deviations and the Model tab's per-layer charts.
 */
class RunStatsFileTest {
    private static final int EVERY = 5;

    @TempDir
    static Path work;
    private static Path run;

    @BeforeAll
    static void trainKillAndResume() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        run = work.resolve("run");
        train(SmallRuns.settings(corpus, run, work, 100, 10L, false, 0, 2));
        Path atTen = work.resolve("latest-at-step-10.zip");
        Files.copy(new RunDirectory(run).latest(), atTen);
        train(SmallRuns.settings(corpus, run, work, 100, 20L, true, 0, 2));
        Files.copy(atTen, new RunDirectory(run).latest(), StandardCopyOption.REPLACE_EXISTING);
        train(SmallRuns.settings(corpus, run, work, 100, 20L, true, 0, 2));
    }

    private static void train(TrainSettings settings) {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new TrainingRun(settings, out, Setting::fieldName, StopRequest.NEVER)
                .watchedIn(new UiSettings("127.0.0.1", 0, EVERY)).withTerminal(false).run();
    }

    @Test
    void oneSessionOneWorkerEachStepOnceWeightsEndingInW() {
        MultiLayerNetwork checkpointed = CheckpointFile.read(new RunDirectory(run).latest()).network();
        Set<String> weights = RunStats.weightKeys(checkpointed);
        assertEquals(Set.of("0_wte", "0_wpe", "1_qkvWeight", "1_projWeight", "1_fcWeight", "1_fc2Weight", "2_qkvWeight",
                "2_projWeight", "2_fcWeight", "2_fc2Weight", "3_headWeight"), weights, "the weights of 2 blocks");
        assertFalse(checkpointed.paramTable().keySet().stream().anyMatch(k -> k.endsWith(RunStats.WEIGHT_SUFFIX)),
                "the checkpoint keeps its own names: " + checkpointed.paramTable().keySet());
        Set<String> statsNames = checkpointed.paramTable().keySet().stream()
                .map(key -> RunStats.statsName(key, weights)).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(statsNames.containsAll(Set.of("0_wte_W", "1_qkvWeight_W", "3_headWeight_W", "1_qkvBias", "1_ln1Gain")),
                statsNames.toString());

        FileStatsStorage storage = new FileStatsStorage(StatsFile.in(run).toFile());
        try {
            assertEquals(List.of("run"), storage.listSessionIDs(), "one session, named after the run directory");
            assertEquals(List.of(RunStats.WORKER), storage.listWorkerIDsForSessionAndType("run", StatsListener.TYPE_ID),
                    "three processes, one worker");
            List<Integer> iterations = new ArrayList<>();
            List<LossRecord> history = new LossHistory(run.resolve("history.jsonl")).readAll();
            for (Persistable p : storage.getAllUpdatesAfter("run", StatsListener.TYPE_ID, RunStats.WORKER, 0)) {
                StatsReport report = (StatsReport) p;
                int step = report.getIterationCount();
                iterations.add(step);
                for (StatsType type : new StatsType[] {StatsType.Parameters, StatsType.Gradients, StatsType.Updates}) {
                    assertEquals(statsNames, new TreeSet<>(report.getMeanMagnitudes(type).keySet()), type + " at step " + step);
                    assertEquals(statsNames, new TreeSet<>(report.getStdev(type).keySet()), type + " at step " + step);
                    assertEquals(statsNames, new TreeSet<>(report.getHistograms(type).keySet()), type + " at step " + step);
                }
                assertEquals(statsNames, new TreeSet<>(report.getLearningRates().keySet()), "learning rates at step " + step);
                LossRecord row = history.stream().filter(r -> r.step() == step && !Double.isNaN(r.trainLoss())).findFirst()
                        .orElseThrow();
                assertEquals(row.trainLoss(), report.getScore(), 1e-9 * row.trainLoss(), "the score of step " + step);
            }
            assertEquals(List.of(5, 10, 15, 20), iterations, "every " + EVERY + " steps, the repeated steps 15 and 20 once");
            StatsInitializationReport init = (StatsInitializationReport) storage.getStaticInfo("run", StatsListener.TYPE_ID,
                    RunStats.WORKER);
            assertEquals(statsNames, new TreeSet<>(Arrays.asList(init.getModelParamNames())), "the model's parameter names");
        } finally {
            storage.close();
        }
    }

    /** What DL4J's UI computes from the file: the overview's ratio and stdev charts, and each layer's charts. */
    @Test
    void theUiDrawsRatiosStdevsAndEachLayersCharts() throws Exception {
        FileStatsStorage storage = StatsFile.forReading(run);
        try (TrainingUi ui = TrainingUi.start(TrainingUi.LOOPBACK, 0)) {
            ui.attach(storage);
            String base = "http://127.0.0.1:" + ui.port();
            JsonNode overview = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                overview = UiEndpoints.json(base + "/train/overview/data");
                if (overview.path("scoresIter").size() == 4) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(4, overview.path("scoresIter").size(), overview.toString());
            Set<String> weights = Set.of("0_wte_W", "0_wpe_W", "1_qkvWeight_W", "1_projWeight_W", "1_fcWeight_W",
                    "1_fc2Weight_W", "2_qkvWeight_W", "2_projWeight_W", "2_fcWeight_W", "2_fc2Weight_W", "3_headWeight_W");
            for (String chart : List.of("updateRatios", "stdevGradients", "stdevUpdates")) {
                JsonNode lines = overview.get(chart);
                assertEquals(weights, names(lines), chart + ": one line per weight");
                lines.forEach(line -> {
                    assertEquals(4, line.size(), chart + ": a point per report");
                    line.forEach(v -> assertTrue(v.asDouble() > 0 && Double.isFinite(v.asDouble()), chart + ": " + line));
                });
            }

            // The Model tab: vertex 0 is the input, vertex i + 1 the network's layer i.
            JsonNode embedding = UiEndpoints.json(base + "/train/model/data/1");
            assertEquals(Set.of("wte_W", "wpe_W"), names(embedding.get("meanMag").get("ratios")), embedding.toString());
            JsonNode block = UiEndpoints.json(base + "/train/model/data/2");
            JsonNode ratios = block.get("meanMag").get("ratios");
            assertTrue(names(ratios).containsAll(Set.of("qkvWeight_W", "fc2Weight_W", "qkvBias", "ln1Gain")), block.toString());
            ratios.forEach(line -> assertEquals(4, line.size(), "a mean-magnitude ratio per report: " + ratios));
            assertTrue(names(block.get("learningRates").get("lrs")).contains("qkvWeight_W"), block.get("learningRates").toString());
            for (String histogram : List.of("paramHist", "updateHist")) {
                JsonNode paramNames = block.get(histogram).get("paramNames");
                assertTrue(paramNames.size() >= 12, histogram + ": every parameter of the block, " + paramNames);
                JsonNode qkv = block.get(histogram).get("qkvWeight_W");
                assertTrue(qkv != null && qkv.get("counts").size() > 0, histogram + " of qkvWeight_W: " + qkv);
            }
        } finally {
            storage.close();
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
