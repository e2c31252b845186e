package dev.chargpt.ui;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.step.DataParallelStep;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.step.GradientGraphChatter;
import dev.chargpt.step.LayerByLayerStep;
import dev.chargpt.step.OneGraphStep;
import dev.chargpt.step.StepListeners;
import dev.chargpt.step.TrainingStep;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the stats storage holds for step N is step N's own: its gradient (before clipping), the
 * update the optimizer made of it and the parameters after it, for the one-graph step on 1, 2 and 3
 * workers and for the layer-by-layer step. A recording listener beside the stats listener notes
 * each step's numbers; with DL4J's own counting the report of step 6 (every 3 steps) would carry
 * step 4's gradient, and the test checks that such a stale gradient would differ.
 */
class RunStatsStepTest {
    private static final ModelConfig CONFIG = new ModelConfig(7, 2, 2, 8, 6, 0.25);
    private static final OptimizerConfig OPTIMIZER = new OptimizerConfig(3e-2, 3e-3, 2, 12, 0.1, 0.9, 0.99, 0.5);
    private static final int EVERY = 3;
    private static final int STEPS = 9;

    @BeforeAll
    static void quiet() {
        GradientGraphChatter.silence();
    }

    /** @param workers 1 to 3: the one-graph step on that many workers; 0: the layer-by-layer step (DL4J's fit) */
    @ParameterizedTest(name = "{0} workers (0: layer by layer)")
    @ValueSource(ints = {1, 2, 3, 0})
    void eachReportCarriesItsOwnStepsGradientUpdatesAndParameters(int workers) {
        MultiLayerNetwork network = GptNetwork.create(CONFIG, OPTIMIZER, 5, DataType.FLOAT);
        Set<String> weights = RunStats.weightKeys(network);
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        Recorder recorder = new Recorder();
        List<String> problems = new ArrayList<>();
        StepListeners listeners = new StepListeners(List.of(recorder, RunStats.listener(storage, network, "run", EVERY)),
                problems::add);
        try (TrainingStep step = workers == 0 ? new LayerByLayerStep(network, OPTIMIZER.gradClip(), listeners)
                : workers == 1 ? new OneGraphStep(network, OPTIMIZER.gradClip(), listeners)
                : new DataParallelStep(network, OPTIMIZER.gradClip(), workers, listeners)) {
            for (int i = 0; i < STEPS; i++) {
                step.fit(batch(6, i));
            }
        }
        assertEquals(List.of(), problems);

        List<Integer> reported = new ArrayList<>();
        boolean staleWouldDiffer = false;
        for (Persistable p : storage.getAllUpdatesAfter("run", StatsListener.TYPE_ID, RunStats.WORKER, 0)) {
            StatsReport report = (StatsReport) p;
            int n = report.getIterationCount();
            reported.add(n);
            assertEquals(recorder.score.get(n), report.getScore(), 1e-6, "score of step " + n);
            assertSame(recorder.gradients.get(n), report.getMeanMagnitudes(StatsType.Gradients), weights, "gradient", n);
            assertSame(recorder.updates.get(n), report.getMeanMagnitudes(StatsType.Updates), weights, "update", n);
            assertSame(recorder.parameters.get(n), report.getMeanMagnitudes(StatsType.Parameters), weights, "parameters", n);
            int stale = n - EVERY + 1; // what BaseStatsListener's own count would have collected
            for (String key : recorder.gradients.get(n).keySet()) {
                staleWouldDiffer |= !close(recorder.gradients.get(n).get(key), recorder.gradients.get(stale).get(key));
            }
        }
        assertEquals(List.of(3, 6, 9), reported, "a report every " + EVERY + " steps");
        assertTrue(staleWouldDiffer, "another step's gradient would show: the test can tell");
    }

    private static void assertSame(Map<String, Double> expected, Map<String, Double> reported, Set<String> weights,
                                   String what, int step) {
        assertEquals(expected.size(), reported.size(), what + " of step " + step + ": " + reported.keySet());
        expected.forEach((key, value) -> {
            Double actual = reported.get(RunStats.statsName(key, weights));
            assertTrue(actual != null && close(value, actual), what + " " + key + " of step " + step + ": expected mean magnitude "
                    + value + ", the report has " + actual);
        });
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
    }

    private static DataSet batch(int windows, long seed) {
        Random random = new Random(seed);
        float[][] features = new float[windows][CONFIG.blockSize()];
        float[][] labels = new float[windows][CONFIG.blockSize()];
        for (int b = 0; b < windows; b++) {
            int previous = random.nextInt(CONFIG.vocabSize());
            for (int t = 0; t < CONFIG.blockSize(); t++) {
                int next = random.nextInt(CONFIG.vocabSize());
                features[b][t] = previous;
                labels[b][t] = next;
                previous = next;
            }
        }
        return new DataSet(Nd4j.createFromArray(features), Nd4j.createFromArray(labels));
    }

    /** Each step's mean magnitudes per parameter key, as the listener hooks show them, by step number. */
    private static final class Recorder extends BaseTrainingListener {
        final Map<Integer, Map<String, Double>> gradients = new HashMap<>();
        final Map<Integer, Map<String, Double>> updates = new HashMap<>();
        final Map<Integer, Map<String, Double>> parameters = new HashMap<>();
        final Map<Integer, Double> score = new HashMap<>();

        @Override
        public void onGradientCalculation(Model model) {
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            gradients.put(network.getIterationCount() + 1, meanMagnitudes(network.gradient().gradientForVariable()));
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            updates.put(iteration, meanMagnitudes(model.gradient().gradientForVariable()));
            parameters.put(iteration, meanMagnitudes(model.paramTable()));
            score.put(iteration, model.score());
        }

        private static Map<String, Double> meanMagnitudes(Map<String, INDArray> arrays) {
            Map<String, Double> out = new HashMap<>();
            arrays.forEach((key, array) -> out.put(key, array.norm1Number().doubleValue() / array.length()));
            return out;
        }
    }
}
