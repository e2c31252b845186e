package dev.chargpt.config;

/**
 * The fields a user set on top of a {@link Preset}; {@code null} means "the preset's value" (or,
 * when a run resumes, "the run's value"). {@link ConfigResolver} is the one place they are merged.
 */
public record Overrides(Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                        Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                        Double weightDecay, Double gradClip, Integer epochs) {

    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
