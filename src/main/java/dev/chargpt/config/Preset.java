package dev.chargpt.config;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Named starting points. {@code cpu-small} is nanoGPT's CPU recipe for shakespeare_char,
 * {@code gpu-baby} its GPU "baby GPT"; individual options override any field.
 */
public enum Preset {
    CPU_SMALL("cpu-small", 4, 4, 128, 64, 0.0, 12, 1e-3, 1e-4, 100, 2),
    GPU_BABY("gpu-baby", 6, 6, 384, 256, 0.2, 64, 1e-3, 1e-4, 100, 80);

    // nanoGPT's AdamW for shakespeare_char, the same in every preset.
    public final double weightDecay = 0.1;
    public final double beta1 = 0.9;
    public final double beta2 = 0.99;
    public final double gradClip = 1.0;

    private final String cliName;
    public final int layers;
    public final int heads;
    public final int width;
    public final int blockSize;
    public final double dropout;
    public final int batchSize;
    public final double learningRate;
    public final double minLearningRate;
    public final int warmupSteps;
    /** Passes over the training text of a default run (cpu-small: about 2,600 steps on tiny Shakespeare; gpu-baby: about nanoGPT's 5,000). */
    public final int epochs;

    Preset(String cliName, int layers, int heads, int width, int blockSize, double dropout, int batchSize,
           double learningRate, double minLearningRate, int warmupSteps, int epochs) {
        this.cliName = cliName;
        this.layers = layers;
        this.heads = heads;
        this.width = width;
        this.blockSize = blockSize;
        this.dropout = dropout;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.minLearningRate = minLearningRate;
        this.warmupSteps = warmupSteps;
        this.epochs = epochs;
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
