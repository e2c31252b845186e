package dev.chargpt.config;

import static dev.chargpt.config.ModelConfig.require;

/**
 * AdamW with nanoGPT's settings: warmup then cosine decay of the learning rate, decoupled weight
 * decay on matrices only, and clipping of the global gradient norm.
 *
 * @param decaySteps the step at which the cosine reaches {@code minLearningRate}; the planned length of the run
 */
public record OptimizerConfig(double learningRate, double minLearningRate, int warmupSteps, int decaySteps,
                              double weightDecay, double beta1, double beta2, double gradClip) {
    public OptimizerConfig {
        require(learningRate > 0 && learningRate < 1, "--learning-rate must be in (0, 1), got " + learningRate);
        require(minLearningRate >= 0 && minLearningRate <= learningRate,
                "--min-learning-rate must be between 0 and --learning-rate (" + learningRate + "), got " + minLearningRate);
        require(warmupSteps >= 0, "--warmup-steps must be at least 0, got " + warmupSteps);
        require(decaySteps >= 1, "the planned number of steps must be at least 1, got " + decaySteps);
        require(weightDecay >= 0 && weightDecay < 1, "--weight-decay must be in [0, 1), got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1)");
        require(gradClip >= 0, "--grad-clip must be at least 0 (0 turns clipping off), got " + gradClip);
    }

    public OptimizerConfig withDecaySteps(int steps) {
        return new OptimizerConfig(learningRate, minLearningRate, warmupSteps, steps, weightDecay, beta1, beta2, gradClip);
    }
}
