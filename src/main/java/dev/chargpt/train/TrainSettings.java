package dev.chargpt.train;

import dev.chargpt.config.Preset;

import java.nio.file.Path;

/**
 * Everything {@code chargpt train} was asked to do, as parsed from the command line. Model and
 * optimizer fields are {@code null} when the user did not override the preset; {@link TrainingRun}
 * resolves them (or, with {@code resume}, takes them from the checkpoint).
 *
 * @param corpus    {@code tiny}, {@code complete} or a path to a UTF-8 text file
 * @param out       the run directory; {@code null} means {@code models/<corpus>-<preset>-<timestamp>}
 * @param epochs    {@code null} means the preset's default
 * @param maxSteps  stop after this many optimizer steps in total (mid-epoch if need be); {@code null} for no limit
 * @param seed      every random choice derives from it
 * @param sampleLength characters sampled after each epoch (0 turns sampling off)
 * @param evalEvery also validate and checkpoint every this many steps within an epoch; 0 only at epoch ends
 * @param dataDir   where named corpora are cached
 * @param chartsDir where {@code <run>/loss.png} goes
 */
public record TrainSettings(String corpus, Preset preset,
                            Integer layers, Integer heads, Integer width, Integer blockSize, Double dropout,
                            Integer batchSize, Double learningRate, Double minLearningRate, Integer warmupSteps,
                            Double weightDecay, Double gradClip,
                            Integer epochs, Long maxSteps, long seed, boolean resume, Path out,
                            int sampleLength, int evalEvery, Path dataDir, Path modelsDir, Path chartsDir) {

    /** The default run: tiny Shakespeare, cpu-small, the preset's epochs. */
    public static TrainSettings defaults() {
        return new TrainSettings("tiny", Preset.CPU_SMALL, null, null, null, null, null, null, null, null, null,
                null, null, null, null, 1337L, false, null, 400, 0, Path.of("data"), Path.of("models"), Path.of("charts"));
    }
}
