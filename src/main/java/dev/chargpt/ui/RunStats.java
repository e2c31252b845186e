package dev.chargpt.ui;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;

import java.lang.reflect.Field;
import java.util.List;

/**
 * DL4J's StatsListener as a chargpt run uses it, writing to the run's stats storage:
 * <ul>
 *   <li><b>Each report carries its own step.</b> BaseStatsListener collects the gradient in
 *   {@code onGradientCalculation} only when the PREVIOUS step's number is a multiple of the
 *   reporting frequency, and reports it at the next multiple: the report for step 20 would carry
 *   step 11's gradient. Here the listener's count is set to the step about to be taken first, so
 *   the report for step N carries step N's gradient, with step N's updates and parameters.</li>
 * </ul>
 */
public final class RunStats {
    private RunStats() {
    }

    /**
     * The listener for {@code network}'s steps, reporting every {@code every} steps into {@code storage}
     * under {@code session}.
     */
    public static TrainingListener listener(StatsStorage storage, MultiLayerNetwork network, String session, int every) {
        return new StepStatsListener(storage, every, session);
    }

    /** StatsListener whose count is the step about to be taken when it looks at the gradient. */
    private static final class StepStatsListener extends StatsListener {
        private static final Field MODEL_INFOS;
        private static final Field INFO_MODEL;
        private static final Field INFO_ITERATION;

        static {
            try {
                MODEL_INFOS = BaseStatsListener.class.getDeclaredField("modelInfos");
                Class<?> info = Class.forName(BaseStatsListener.class.getName() + "$ModelInfo");
                INFO_MODEL = info.getDeclaredField("model");
                INFO_ITERATION = info.getDeclaredField("iterCount");
                MODEL_INFOS.setAccessible(true);
                INFO_MODEL.setAccessible(true);
                INFO_ITERATION.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this DL4J's BaseStatsListener has no per-model iteration count", e);
            }
        }

        StepStatsListener(StatsStorageRouter router, int every, String session) {
            super(router, null, new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(every).build(), session,
                    null);
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
            try {
                for (Object info : (List<?>) MODEL_INFOS.get(this)) {
                    if (INFO_MODEL.get(info) == model && INFO_ITERATION.getInt(info) != 0) {
                        INFO_ITERATION.setInt(info, step);
                    }
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set the statistics listener's step", e);
            }
        }
    }
}
