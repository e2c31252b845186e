package dev.chargpt.config;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Named starting points; individual options override any field. Each CPU preset is a time budget on
 * a 2-core laptop-class machine, tuned by the measured sweeps in benchmarks/README.md ("Quality per
 * time", "The recipe harness"): {@code cpu-small} is nanoGPT's CPU model for shakespeare_char
 * with ReLU squared in its MLP, trained 3 epochs at a higher learning rate, held then decayed to zero
 * (warmup-stable-decay), and validated and sampled with an average of its weights (about 7-10
 * minutes on tiny Shakespeare);
 * {@code cpu-medium} a wider model with twice the context, on the same recipe and both cores, for
 * about 50 minutes; {@code gpu-baby} nanoGPT's GPU "baby GPT", which keeps nanoGPT's warmup and cosine
 * (nothing here can measure a recipe for it).
 */
public enum Preset {
    CPU_SMALL("cpu-small", 4, 4, 128, 64, 0.0, 8, 2, 3e-3, 0, 100, 3, ScheduleShape.WSD, Preset.DEFAULT_COOLDOWN, 0.99,
            Activation.RELU2),
    CPU_MEDIUM("cpu-medium", 4, 6, 192, 128, 0.0, 6, 2, 2e-3, 0, 100, 12, ScheduleShape.WSD, Preset.DEFAULT_COOLDOWN, 0.99,
            Activation.RELU2),
    GPU_BABY("gpu-baby", 6, 6, 384, 256, 0.2, 64, 1, 1e-3, 1e-4, 100, 80, ScheduleShape.COSINE, 0, 0, Activation.GELU);

    /** The cooldown of the wsd schedule when a preset of another shape is switched to it. */
    public static final double DEFAULT_COOLDOWN = 0.3;

    // nanoGPT's AdamW for shakespeare_char, the same in every preset.
    public final double weightDecay = 0.1;
    public final double beta1 = 0.9;
    public final double beta2 = 0.99;
    public final double gradClip = 1.0;
    /** The MLP's activation: ReLU squared where the recipe harness measured it, the exact GELU elsewhere. */
    public final Activation activation;
    /**
     * Residual projections and head started at zero ({@code train --zero-init}): off in every preset
     * until the recipe harness has measured it (README, "Recipe options").
     */
    public final boolean zeroInit = false;
    /** QK-norm in the attention ({@code train --qk-norm}): off in every preset until measured (README, "Recipe options"). */
    public final boolean qkNorm = false;

    private final String cliName;
    public final int layers;
    public final int heads;
    public final int width;
    public final int blockSize;
    public final double dropout;
    /** Windows per worker and step; a step trains on {@link #workers} times as many. */
    public final int batchSize;
    /**
     * Replicas that each train on a batch of their own per step, as PyTorch's DDP counts it: the
     * step's batch is workers x batchSize. cpu-small and cpu-medium train on 2, by measurement
     * (benchmarks/README.md, "Workers"; cpu-medium's step 335 ms on 2 x 6 against 509 on 1 x 12);
     * gpu-baby keeps the one worker of its GPU recipe.
     */
    public final int workers;
    public final double learningRate;
    public final double minLearningRate;
    public final int warmupSteps;
    /**
     * Passes over the training text of a default run. On tiny Shakespeare: cpu-small 3,921 steps,
     * cpu-medium 7,836, gpu-baby 4,880 (about nanoGPT's 5,000). A larger corpus takes longer per epoch.
     */
    public final int epochs;
    public final ScheduleShape schedule;
    /** With the wsd schedule: the fraction of the run, at its end, over which the rate decays. */
    public final double cooldown;
    /** Decay of the average of the weights used for validation, samples and best.zip; 0 for none. */
    public final double ema;

    Preset(String cliName, int layers, int heads, int width, int blockSize, double dropout, int batchSize, int workers,
           double learningRate, double minLearningRate, int warmupSteps, int epochs, ScheduleShape schedule, double cooldown,
           double ema, Activation activation) {
        this.cliName = cliName;
        this.layers = layers;
        this.heads = heads;
        this.width = width;
        this.blockSize = blockSize;
        this.dropout = dropout;
        this.batchSize = batchSize;
        this.workers = workers;
        this.learningRate = learningRate;
        this.minLearningRate = minLearningRate;
        this.warmupSteps = warmupSteps;
        this.epochs = epochs;
        this.schedule = schedule;
        this.cooldown = cooldown;
        this.ema = ema;
        this.activation = activation;
    }

    public String cliName() {
        return cliName;
    }

    public static Preset fromCliName(String name) {
        for (Preset preset : values()) {
            if (preset.cliName.equals(name)) {
                return preset;
            }
        }
        throw new BadInputException("unknown " + Setting.PRESET + " '" + name + "'; choose one of "
                + Arrays.stream(values()).map(Preset::cliName).collect(Collectors.joining(", ")));
    }
}
