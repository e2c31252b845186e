package dev.chargpt.dl4j;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * The one door to DL4J's private parts: every private field of DL4J 1.0.0-M2.1 that chargpt reads
 * or sets, each with the reason M2.1 offers no public way. Nothing else in chargpt reflects on DL4J.
 *
 * <p>The day chargpt moves to another DL4J, this list is the checklist: Dl4jInternalsTest resolves
 * every member and names all that are missing. Owners are named by class name, not class literal,
 * so that members of the Spark build's classes can be listed here without Spark on the main classpath.
 */
public enum Dl4jInternals {
    /**
     * FixedGraphSession hands each custom op the output shapes of the step it replays through the
     * op's own shape cache, which M2.1 reads first: it skips libnd4j's shape call, 3% of a cpu-small step.
     */
    CUSTOM_OP_OUTPUT_SHAPES("org.nd4j.linalg.api.ops.DynamicCustomOp", "outputShapes", Build.MAIN),
    /**
     * StepListeners hands the one-graph step's gradient to DL4J's listeners, which read
     * {@code network.gradient()}: only DL4J's own fit sets it, and MultiLayerNetwork has no setter.
     */
    NETWORK_GRADIENT("org.deeplearning4j.nn.multilayer.MultiLayerNetwork", "gradient", Build.MAIN),
    /**
     * RunStats counts the statistics listener's iteration as chargpt's step, so that it collects
     * the gradient of exactly the steps it reports: the listener keeps its count per model, privately.
     */
    STATS_MODEL_INFOS("org.deeplearning4j.ui.model.stats.BaseStatsListener", "modelInfos", Build.MAIN),
    /** The model a {@link #STATS_MODEL_INFOS} entry counts for (see there). */
    STATS_INFO_MODEL("org.deeplearning4j.ui.model.stats.BaseStatsListener$ModelInfo", "model", Build.MAIN),
    /** The iteration a {@link #STATS_MODEL_INFOS} entry last heard of (see there). */
    STATS_INFO_ITERATION("org.deeplearning4j.ui.model.stats.BaseStatsListener$ModelInfo", "iterCount", Build.MAIN),
    /**
     * The Spark build's RootModelRepair gives gradient sharing's root model back its updater before
     * each call, against a deadlock in DL4J's trainer threads: the executor's wrapper is a private singleton.
     */
    SHARED_TRAINING_WRAPPER("org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper", "INSTANCE", Build.SPARK),
    /** The root model that {@link #SHARED_TRAINING_WRAPPER} keeps across calls (see there). */
    SHARED_TRAINING_ROOT_MODEL("org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper", "originalModel", Build.SPARK);

    /** Which of chargpt's builds has the member's class on its classpath. */
    public enum Build {
        /** every build */
        MAIN,
        /** the Spark build ({@code mvn -P cpu,spark}) only */
        SPARK
    }

    private final String owner;
    private final String field;
    private final Build build;
    private volatile Field resolved;

    Dl4jInternals(String owner, String field, Build build) {
        this.owner = owner;
        this.field = field;
        this.build = build;
    }

    /** The member as the checklist names it, e.g. {@code MultiLayerNetwork.gradient}. */
    public String member() {
        return owner.substring(owner.lastIndexOf('.') + 1) + "." + field;
    }

    public Build build() {
        return build;
    }

    /** The field's value in {@code target} ({@code null} for a static field). */
    public Object get(Object target) {
        try {
            return field().get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read DL4J's " + member(), e);
        }
    }

    public void set(Object target, Object value) {
        try {
            field().set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set DL4J's " + member(), e);
        }
    }

    public int getInt(Object target) {
        return (Integer) get(target);
    }

    public void setInt(Object target, int value) {
        set(target, value);
    }

    /**
     * The members of {@code build} that this classpath's DL4J lacks, each named; empty when every one
     * is there (the Spark members are looked up only in the Spark build).
     */
    public static List<String> missing(Build build) {
        List<String> missing = new ArrayList<>();
        for (Dl4jInternals member : values()) {
            if (member.build == build) {
                try {
                    member.field();
                } catch (IllegalStateException e) {
                    missing.add(e.getMessage());
                }
            }
        }
        return missing;
    }

    private Field field() {
        Field found = resolved;
        if (found == null) {
            try {
                found = Class.forName(owner, false, Dl4jInternals.class.getClassLoader()).getDeclaredField(field);
                found.setAccessible(true);
            } catch (ClassNotFoundException | NoSuchFieldException e) {
                throw new IllegalStateException("DL4J has no " + member() + " (" + owner + "): chargpt is built for DL4J 1.0.0-M2.1", e);
            }
            resolved = found;
        }
        return found;
    }
}
