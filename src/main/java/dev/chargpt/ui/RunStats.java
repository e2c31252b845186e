package dev.chargpt.ui;

import dev.chargpt.dl4j.Dl4jInternals;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsInitializationReport;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * DL4J's StatsListener as a chargpt run uses it, writing to the run's stats storage:
 * <ul>
 *   <li><b>Each report carries its own step.</b> BaseStatsListener collects the gradient in
 *   {@code onGradientCalculation} only when the PREVIOUS step's number is a multiple of the
 *   reporting frequency, and reports it at the next multiple: the report for step 20 would carry
 *   step 11's gradient. Here the listener's count is set to the step about to be taken first, so
 *   the report for step N carries step N's gradient, with step N's updates and parameters.</li>
 *   <li><b>One run, one worker.</b> Every process (a resumed run is a new one) reports as worker
 *   {@link #WORKER}, so the UI shows one run, not one per start.</li>
 *   <li><b>Resuming appends.</b> A run resumed from a checkpoint older than its last statistics
 *   repeats steps already reported; those are not written again.</li>
 *   <li><b>Weights end in "W".</b> DL4J's overview draws update:parameter ratios and standard
 *   deviations only for parameters whose names end in "W"; chargpt's weights are called
 *   {@code qkvWeight}, {@code wte}... In the stats storage (never in checkpoints) each weight is
 *   reported as {@code <layer>_<name>_W}, biases and LayerNorm parameters under their own names.</li>
 * </ul>
 */
public final class RunStats {
    /** The worker id of every report of every run. */
    public static final String WORKER = "chargpt";
    /** Appended to a weight's name in the stats storage. */
    public static final String WEIGHT_SUFFIX = "_W";

    private static final StatsType[] PER_PARAMETER = {StatsType.Parameters, StatsType.Gradients, StatsType.Updates};

    private RunStats() {
    }

    /**
     * The listener for {@code network}'s steps, reporting every {@code every} steps into {@code storage}
     * under {@code session}.
     */
    public static TrainingListener listener(StatsStorage storage, MultiLayerNetwork network, String session, int every) {
        StatsStorageRouter router = new RunRouter(storage, session, weightKeys(network));
        return new StepStatsListener(router, every, session);
    }

    /** The name a parameter key of the network's table ({@code <layer>_<name>}) has in the stats storage. */
    public static String statsName(String key, Set<String> weightKeys) {
        return weightKeys.contains(key) ? key + WEIGHT_SUFFIX : key;
    }

    /** The keys ({@code <layer>_<name>}) of the network's weight parameters (those DL4J's layers declare as weights). */
    public static Set<String> weightKeys(MultiLayerNetwork network) {
        Set<String> keys = new TreeSet<>();
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layers[i].conf().getLayer();
            for (String name : layers[i].paramTable().keySet()) {
                if (conf.initializer().isWeightParam(conf, name)) {
                    keys.add(i + "_" + name);
                }
            }
        }
        return keys;
    }

    /** StatsListener whose count is the step about to be taken when it looks at the gradient. */
    private static final class StepStatsListener extends StatsListener {
        StepStatsListener(StatsStorageRouter router, int every, String session) {
            super(router, null, new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(every).build(), session,
                    WORKER);
        }

        /**
         * BaseStatsListener collects the gradient when its count (the iteration it last heard of, 0
         * before the first) is 0 or a multiple of the frequency. Set to the step about to be taken
         * (chargpt reports step N as iteration N, the network's count after it), it collects the
         * gradient of exactly the steps it reports. Left at 0 on a process's first step, where it
         * collects anyway and its first iterationDone still sends the run's static information.
         */
        @Override
        public void onGradientCalculation(Model model) {
            if (model instanceof MultiLayerNetwork network) {
                countAsStep(model, network.getIterationCount() + 1);
            }
            super.onGradientCalculation(model);
        }

        private void countAsStep(Model model, int step) {
            for (Object info : (List<?>) Dl4jInternals.STATS_MODEL_INFOS.get(this)) {
                if (Dl4jInternals.STATS_INFO_MODEL.get(info) == model && Dl4jInternals.STATS_INFO_ITERATION.getInt(info) != 0) {
                    Dl4jInternals.STATS_INFO_ITERATION.setInt(info, step);
                }
            }
        }
    }

    /** Writes into the run's storage: weights renamed, iterations already there left out. */
    private static final class RunRouter implements StatsStorageRouter {
        private final StatsStorage storage;
        private final Function<String, String> rename;
        /** The highest iteration the storage already holds for the session; -1 if none. */
        private final int reportedUpTo;

        RunRouter(StatsStorage storage, String session, Set<String> weightKeys) {
            this.storage = storage;
            this.rename = key -> statsName(key, weightKeys);
            int highest = -1;
            for (Persistable update : storage.getLatestUpdateAllWorkers(session, StatsListener.TYPE_ID)) {
                if (update instanceof StatsReport report) {
                    highest = Math.max(highest, report.getIterationCount());
                }
            }
            this.reportedUpTo = highest;
        }

        @Override
        public void putStorageMetaData(StorageMetaData metaData) {
            storage.putStorageMetaData(metaData);
        }

        @Override
        public void putStorageMetaData(Collection<? extends StorageMetaData> metaData) {
            storage.putStorageMetaData(metaData);
        }

        @Override
        public void putStaticInfo(Persistable staticInfo) {
            if (staticInfo instanceof StatsInitializationReport init && init.getModelParamNames() != null) {
                String[] names = init.getModelParamNames().clone();
                for (int i = 0; i < names.length; i++) {
                    names[i] = rename.apply(names[i]);
                }
                init.reportModelInfo(init.getModelClassName(), init.getModelConfigJson(), names, init.getModelNumLayers(),
                        init.getModelNumParams());
            }
            storage.putStaticInfo(staticInfo);
        }

        @Override
        public void putStaticInfo(Collection<? extends Persistable> staticInfo) {
            staticInfo.forEach(this::putStaticInfo);
        }

        @Override
        public void putUpdate(Persistable update) {
            if (update instanceof StatsReport report) {
                if (report.getIterationCount() <= reportedUpTo) {
                    return; // a resumed run repeating steps the file already holds
                }
                renameWeights(report);
            }
            storage.putUpdate(update);
        }

        @Override
        public void putUpdate(Collection<? extends Persistable> updates) {
            updates.forEach(this::putUpdate);
        }

        private void renameWeights(StatsReport report) {
            if (report.getLearningRates() != null) {
                report.reportLearningRates(renamed(report.getLearningRates()));
            }
            for (StatsType type : PER_PARAMETER) {
                if (report.getMean(type) != null) {
                    report.reportMean(type, renamed(report.getMean(type)));
                }
                if (report.getStdev(type) != null) {
                    report.reportStdev(type, renamed(report.getStdev(type)));
                }
                if (report.getMeanMagnitudes(type) != null) {
                    report.reportMeanMagnitudes(type, renamed(report.getMeanMagnitudes(type)));
                }
                if (report.getHistograms(type) != null) {
                    report.reportHistograms(type, renamed(report.getHistograms(type)));
                }
            }
        }

        private <V> Map<String, V> renamed(Map<String, V> byKey) {
            Map<String, V> out = new LinkedHashMap<>();
            byKey.forEach((key, value) -> out.put(rename.apply(key), value));
            return out;
        }
    }
}
