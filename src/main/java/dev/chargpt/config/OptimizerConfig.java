package dev.chargpt.config;

import static dev.chargpt.Setting.BETA1;
import static dev.chargpt.Setting.BETA2;
import static dev.chargpt.Setting.COOLDOWN;
import static dev.chargpt.Setting.EMA;
import static dev.chargpt.Setting.GRAD_CLIP;
import static dev.chargpt.Setting.LEARNING_RATE;
import static dev.chargpt.Setting.MIN_LEARNING_RATE;
import static dev.chargpt.Setting.WARMUP_STEPS;
import static dev.chargpt.Setting.WEIGHT_DECAY;
import static dev.chargpt.config.ModelConfig.require;

/**
 * AdamW with nanoGPT's settings and the recipe's options: warmup then the schedule's decay of the
 * learning rate, decoupled weight decay on matrices only, clipping of the global gradient norm, and
 * an optional average of the weights for validation, sampling and the best checkpoint.
 *
 * @param decaySteps the step at which the schedule reaches {@code minLearningRate}; the planned length of the run
 * @param schedule   the schedule's shape after the warmup
 * @param cooldown   {@link ScheduleShape#WSD}: the fraction of the run, at its end, over which the rate decays; 0 for cosine
 * @param ema        decay of the exponential moving average of the weights, 0 for none
 */
public record OptimizerConfig(double learningRate, double minLearningRate, int warmupSteps, int decaySteps,
                              double weightDecay, double beta1, double beta2, double gradClip,
                              ScheduleShape schedule, double cooldown, double ema) {
    public OptimizerConfig {
        require(learningRate > 0 && learningRate < 1, LEARNING_RATE + " must be in (0, 1), got " + learningRate);
        require(minLearningRate >= 0 && minLearningRate <= learningRate,
                MIN_LEARNING_RATE + " must be between 0 and " + LEARNING_RATE + " (" + learningRate + "), got " + minLearningRate);
        require(warmupSteps >= 0, WARMUP_STEPS + " must be at least 0, got " + warmupSteps);
        require(decaySteps >= 1, "the planned number of steps must be at least 1, got " + decaySteps);
        require(weightDecay >= 0 && weightDecay < 1, WEIGHT_DECAY + " must be in [0, 1), got " + weightDecay);
        require(beta1 >= 0 && beta1 < 1, BETA1 + " must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, BETA2 + " must be in [0, 1), got " + beta2);
        require(gradClip >= 0, GRAD_CLIP + " must be at least 0 (0 turns clipping off), got " + gradClip);
        require(schedule != null, "a schedule is needed");
        require(schedule == ScheduleShape.WSD ? cooldown > 0 && cooldown <= 1 : cooldown == 0,
                COOLDOWN + " must be in (0, 1] with the wsd schedule (and is not used with cosine), got " + cooldown);
        require(ema >= 0 && ema < 1, EMA + " must be in [0, 1) (0 turns the average off), got " + ema);
    }

    /** nanoGPT's recipe: the cosine schedule, no average of the weights (and the config of runs made before the options). */
    public OptimizerConfig(double learningRate, double minLearningRate, int warmupSteps, int decaySteps,
                           double weightDecay, double beta1, double beta2, double gradClip) {
        this(learningRate, minLearningRate, warmupSteps, decaySteps, weightDecay, beta1, beta2, gradClip,
                ScheduleShape.COSINE, 0, 0);
    }

    /** Whether validation, samples and the best checkpoint use an average of the weights. */
    public boolean averagesWeights() {
        return ema > 0;
    }
}
