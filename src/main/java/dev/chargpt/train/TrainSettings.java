package dev.chargpt.train;

import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.data.CorpusStore;

import java.nio.file.Path;

/**
 * Everything {@code chargpt train} was asked to do, as parsed from the command line. The model
 * and optimizer are a preset plus the user's {@link Overrides}; {@link dev.chargpt.config.ConfigResolver}
 * merges them (or, with {@code resume}, takes them from the checkpoint).
 *
 * @param corpus    {@code tiny}, {@code complete} or a path to a UTF-8 text file
 * @param out       the run directory; {@code null} means a new one under {@code modelsDir}
 * @param maxSteps  stop after this many optimizer steps in total (mid-epoch if need be); {@code null} for no limit
 * @param seed      every random choice derives from it
 * @param sampleLength characters sampled after each epoch (0 turns sampling off)
 * @param evalEvery also validate and checkpoint every this many steps within an epoch; 0 only at epoch ends
 * @param workers   replicas, each on a thread of its own with a batch of {@code --batch-size} windows per step
 *                  (data parallel; the step's batch is workers x batch size); {@code null} for the preset's
 *                  ({@link Preset#workers}). A resumed run keeps its step's batch and shares it among the
 *                  workers it is given
 * @param dataDir   where named corpora are cached
 * @param chartsDir where {@code <run>/loss.png} goes
 * @param initFrom  a checkpoint whose weights a new run starts from (fine-tuning), or {@code null}
 * @param attentionPictures after each epoch also draw every head's attention for a fixed validation snippet to
 *                  {@code <run>/attention.png}; a run option (not stored in checkpoints), like {@code evalEvery}
 */
public record TrainSettings(String corpus, Preset preset, Overrides overrides, Long maxSteps, long seed, boolean resume,
                            Path out, int sampleLength, int evalEvery, Integer workers, Path dataDir, Path modelsDir, Path chartsDir,
                            boolean attentionPictures, Path initFrom) {

    /** Without attention pictures, from scratch. */
    public TrainSettings(String corpus, Preset preset, Overrides overrides, Long maxSteps, long seed, boolean resume,
                         Path out, int sampleLength, int evalEvery, Integer workers, Path dataDir, Path modelsDir, Path chartsDir) {
        this(corpus, preset, overrides, maxSteps, seed, resume, out, sampleLength, evalEvery, workers, dataDir, modelsDir,
                chartsDir, false, null);
    }

    /** The default run: tiny Shakespeare, cpu-small with its epochs and workers. */
    public static TrainSettings defaults() {
        return new TrainSettings("tiny", Preset.CPU_SMALL, Overrides.none(), null, 1337L, false, null, 400, 0, null,
                CorpusStore.DEFAULT_DIR, RunDirectory.DEFAULT_MODELS_DIR, RunDirectory.DEFAULT_CHARTS_DIR);
    }

    /** The workers asked for, or those of the run's preset. */
    public int workersFor(Preset runPreset) {
        return workers != null ? workers : runPreset.workers;
    }
}
