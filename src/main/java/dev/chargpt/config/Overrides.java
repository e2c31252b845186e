package dev.chargpt.config;

/**
 * The fields a user set on top of a {@link Preset}; {@code null} means "the preset's value" (or,
 * when a run resumes, "the run's value"). {@link ConfigResolver} is the one place they are merged.
 */
public record Overrides(Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                        Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                        Double weightDecay, Double gradClip, Integer epochs,
                        Double beta1, Double beta2, ScheduleShape schedule, Double cooldown, Double ema,
                        Activation activation, Boolean zeroInit, Boolean qkNorm) {

    /** Overrides of everything but QK-norm ({@code null}: the preset's, or the run's). */
    public Overrides(Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                     Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                     Double weightDecay, Double gradClip, Integer epochs,
                     Double beta1, Double beta2, ScheduleShape schedule, Double cooldown, Double ema,
                     Activation activation, Boolean zeroInit) {
        this(layers, heads, width, blockSize, dropout, batchSize, learningRate, minLearningRate, warmupSteps, weightDecay,
                gradClip, epochs, beta1, beta2, schedule, cooldown, ema, activation, zeroInit, null);
    }

    /** Overrides of everything but the zero initialisation and QK-norm. */
    public Overrides(Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                     Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                     Double weightDecay, Double gradClip, Integer epochs,
                     Double beta1, Double beta2, ScheduleShape schedule, Double cooldown, Double ema,
                     Activation activation) {
        this(layers, heads, width, blockSize, dropout, batchSize, learningRate, minLearningRate, warmupSteps, weightDecay,
                gradClip, epochs, beta1, beta2, schedule, cooldown, ema, activation, null, null);
    }

    /** Overrides of everything but the MLP's activation, the zero initialisation and QK-norm. */
    public Overrides(Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                     Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                     Double weightDecay, Double gradClip, Integer epochs,
                     Double beta1, Double beta2, ScheduleShape schedule, Double cooldown, Double ema) {
        this(layers, heads, width, blockSize, dropout, batchSize, learningRate, minLearningRate, warmupSteps, weightDecay,
                gradClip, epochs, beta1, beta2, schedule, cooldown, ema, null, null, null);
    }

    /** Overrides of everything but the recipe's options (betas, schedule, cooldown, average of the weights, activation, zero-init, QK-norm). */
    public Overrides(Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                     Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                     Double weightDecay, Double gradClip, Integer epochs) {
        this(layers, heads, width, blockSize, dropout, batchSize, learningRate, minLearningRate, warmupSteps, weightDecay,
                gradClip, epochs, null, null, null, null, null, null, null, null);
    }

    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
