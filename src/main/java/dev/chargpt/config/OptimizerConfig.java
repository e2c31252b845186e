package dev.chargpt.config;

import static dev.chargpt.Setting.GRAD_CLIP;
import static dev.chargpt.Setting.LEARNING_RATE;
import static dev.chargpt.Setting.MIN_LEARNING_RATE;
import static dev.chargpt.Setting.WARMUP_STEPS;
import static dev.chargpt.Setting.WEIGHT_DECAY;
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
        require(learningRate > 0 && learningRate < 1, LEARNING_RATE + " must be in (0, 1), got " + learningRate);
        require(minLearningRate >= 0 && minLearningRate <= learningRate,
                MIN_LEARNING_RATE + " must be between 0 and " + LEARNING_RATE + " (" + learningRate + "), got " + minLearningRate);
        require(warmupSteps >= 0, WARMUP_STEPS + " must be at least 0, got " + warmupSteps);
        require(decaySteps >= 1, "the planned number of steps must be at least 1, got " + decaySteps);
        require(weightDecay >= 0 && weightDecay < 1, WEIGHT_DECAY + " must be in [0, 1), got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1)");
        require(gradClip >= 0, GRAD_CLIP + " must be at least 0 (0 turns clipping off), got " + gradClip);
    }
}
