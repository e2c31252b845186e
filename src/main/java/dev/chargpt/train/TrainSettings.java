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
 * @param workers   threads that each train on a share of every batch (data parallel); a run option, not
 *                  stored: a resumed run may use another number
 * @param dataDir   where named corpora are cached
 * @param chartsDir where {@code <run>/loss.png} goes
 * @param initFrom  a checkpoint whose weights a new run starts from (fine-tuning), or {@code null}
 * @param attentionPictures after each epoch also draw every head's attention for a fixed validation snippet to
 *                  {@code <run>/attention.png}; a run option (not stored in checkpoints), like {@code evalEvery}
 */
public record TrainSettings(String corpus, Preset preset, Overrides overrides, Long maxSteps, long seed, boolean resume,
                            Path out, int sampleLength, int evalEvery, int workers, Path dataDir, Path modelsDir, Path chartsDir,
                            boolean attentionPictures, Path initFrom) {

    /** Without attention pictures, from scratch. */
    public TrainSettings(String corpus, Preset preset, Overrides overrides, Long maxSteps, long seed, boolean resume,
                         Path out, int sampleLength, int evalEvery, int workers, Path dataDir, Path modelsDir, Path chartsDir) {
        this(corpus, preset, overrides, maxSteps, seed, resume, out, sampleLength, evalEvery, workers, dataDir, modelsDir,
                chartsDir, false, null);
    }

    /** The default run: tiny Shakespeare, cpu-small, the preset's epochs, a worker per core. */
    public static TrainSettings defaults() {
        return new TrainSettings("tiny", Preset.CPU_SMALL, Overrides.none(), null, 1337L, false, null, 400, 0, defaultWorkers(),
                CorpusStore.DEFAULT_DIR, RunDirectory.DEFAULT_MODELS_DIR, RunDirectory.DEFAULT_CHARTS_DIR);
    }

    /**
     * One worker, by measurement: on the 2-core machine chargpt is developed on, cpu-small's step
     * took 136.4 ms on 2 workers against 146.0 ms on one (1.07x) for 1.12 GB resident instead of
     * 0.85 GB, because two ND4J computations at once each run at half speed there (two separate
     * one-thread processes on half a batch: 92 ms alone, 190 ms side by side). More workers pay
     * where more cores have their own memory bandwidth; {@code --workers N} asks for them.
     */
    public static int defaultWorkers() {
        return 1;
    }
}
