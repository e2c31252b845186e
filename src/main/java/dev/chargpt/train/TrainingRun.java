package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.checkpoint.TrainingState;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.Preset;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.device.Backend;
import dev.chargpt.data.WindowIterator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.step.GradientGraphChatter;
import dev.chargpt.step.StepListeners;
import dev.chargpt.ui.LiveStats;
import dev.chargpt.ui.UiSettings;
import dev.chargpt.model.WeightTransfer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.function.Function;

import static dev.chargpt.Setting.RESUME;
import static dev.chargpt.Setting.RUN_DIRECTORY;

/**
 * Runs {@code chargpt train}: sets up a new run (corpus, vocabulary, config, fresh network) or
 * picks one up from its latest checkpoint, then hands over to the {@link EpochLoop}.
 */
public final class TrainingRun {
    private final TrainSettings settings;
    private final PrintStream out;
    private final Function<Setting, String> flags;
    private final StopRequest stop;
    private boolean terminal = System.console() != null;
    private boolean capNativeMemory;
    private UiSettings ui;
    private ClusterSettings clusterSettings;
    /** The cluster the run trains on, once connected; null for this process's own workers. */
    private Cluster cluster;

    /**
     * @param flags names the settings that messages mention, as the caller's command line spells them
     * @param stop  asks the run to save and stop early (Ctrl-C); {@link StopRequest#NEVER} for none
     */
    public TrainingRun(TrainSettings settings, PrintStream out, Function<Setting, String> flags, StopRequest stop) {
        this.settings = settings;
        this.out = out;
        this.flags = flags;
        this.stop = stop;
    }

    /**
     * Caps ND4J's arrays at the run's memory plan. For a process that runs one training (the
     * command line): libnd4j's counter is per process, so several runs in one JVM would share it.
     */
    public TrainingRun cappingNativeMemory() {
        this.capNativeMemory = true;
        return this;
    }

    /** Shows the run in DL4J's training UI and keeps its statistics in the run directory ({@link LiveStats}). */
    public TrainingRun watchedIn(UiSettings ui) {
        this.ui = ui;
        return this;
    }

    /**
     * Trains the steps on a cluster ({@code --spark}); validation, checkpoints, samples and the chart
     * stay in this process. The cluster's workers take the place of {@code --workers}.
     */
    public TrainingRun onCluster(ClusterSettings cluster) {
        this.clusterSettings = cluster;
        return this;
    }

    TrainingRun withTerminal(boolean isTerminal) {
        this.terminal = isTerminal;
        return this;
    }

    /** @return the summary of the finished run */
    public TrainingSummary run() {
        GradientGraphChatter.silence();
        if (clusterSettings == null) {
            return settings.resume() ? resume() : start();
        }
        try (Cluster connected = Cluster.connect(clusterSettings, out)) {
            cluster = connected;
            out.println("cluster: " + connected.describe());
            return settings.resume() ? resume() : start();
        } finally {
            cluster = null;
        }
    }

    private TrainingSummary start() {
        Checkpoint source = settings.initFrom() == null ? null : CheckpointFile.read(settings.initFrom());
        TrainingData data = source == null ? TrainingData.load(settings.corpus(), settings.dataDir())
                : TrainingData.load(settings.corpus(), settings.dataDir(), source.vocabulary());
        Overrides overrides = source == null ? settings.overrides()
                : ConfigResolver.fineTuning(source.config().model(), settings.overrides());
        // The iterator's constructor refuses a training text that does not fill one batch.
        RunConfig config = ConfigResolver.resolve(settings.preset(), overrides, settings.corpus(), settings.seed(),
                settings.sampleLength(), data.vocabulary().size(), workers(settings.preset()),
                (blockSize, batchSize) -> new WindowIterator(data.split().train(), blockSize, batchSize, settings.seed()).batchesPerEpoch());
        requireValidationText(data);
        RunDirectory directory = settings.out() != null ? new RunDirectory(settings.out())
                : RunDirectory.newRun(settings.modelsDir(), settings.corpus(), settings.preset().cliName(), LocalDateTime.now());
        // A directory with only a config (killed before its first checkpoint) has nothing to lose.
        if (directory.holdsRun()) {
            throw new BadInputException(directory.path().toAbsolutePath() + " already holds a training run; continue it with "
                    + RESUME + " " + RUN_DIRECTORY + " " + directory.path() + ", or pass another " + RUN_DIRECTORY);
        }
        try (RunDirectory locked = directory.openForTraining()) {
            return begin(locked, config, data, source);
        }
    }

    /** A run from step 0: its config in the directory first, so that a kill before the first checkpoint loses nothing. */
    private TrainingSummary begin(RunDirectory locked, RunConfig config, TrainingData data, Checkpoint source) {
        locked.writeConfig(config);
        MultiLayerNetwork network = GptNetwork.create(config.model(), config.optimizer(), config.seed());
        LossHistory history = new LossHistory(locked.history());
        history.replaceWith(new byte[0]);
        if (source != null) {
            WeightTransfer.copy(source.networkForUse(), source.vocabulary(), network, data.vocabulary());
            out.printf(Locale.ROOT, "starting from the weights of %s: %d characters known, %d new (fresh embedding rows)%n",
                    settings.initFrom(), source.vocabulary().size(), data.vocabulary().size() - source.vocabulary().size());
            // Saved at once: the starting weights are this run's step 0, so a stop before the first
            // validation resumes from them, not from a fresh network.
            // A run that keeps an average of the weights starts it at these weights.
            CheckpointFile.write(locked.latest(), network, config, TrainingState.fresh(), data.vocabulary(), history.bytes(),
                    config.optimizer().averagesWeights() ? network.params() : null);
        }
        out.printf(Locale.ROOT, "training %s on %s: %,d parameters, vocabulary %d, %,d training and %,d validation characters%n",
                config.describe(), config.corpus(), config.model().parameterCount(), data.vocabulary().size(),
                data.split().train().length, data.split().validation().length);
        return loop(locked, network, null, config, data, TrainingState.fresh(), history);
    }

    private TrainingSummary resume() {
        if (settings.out() == null || !Files.isDirectory(settings.out())) {
            throw new BadInputException("nothing to resume: " + (settings.out() == null ? "no run directory given"
                    : settings.out().toAbsolutePath() + " does not exist") + "; pass the run directory with " + RUN_DIRECTORY);
        }
        try (RunDirectory locked = new RunDirectory(settings.out()).openForTraining()) {
            if (!locked.holdsRun() && locked.hasConfig()) {
                return beginAgain(locked);
            }
            Checkpoint checkpoint = CheckpointFile.read(locked.latest());
            RunConfig config = resumed(checkpoint.config());
            TrainingData data = TrainingData.reload(config.corpus(), settings.dataDir(), checkpoint.vocabulary(), locked.latest());
            LossHistory history = new LossHistory(locked.history());
            history.replaceWith(checkpoint.history());   // rows written after the checkpoint would be counted twice
            TrainingState state = checkpoint.state();
            out.printf(Locale.ROOT, "resuming %s at step %,d (epoch %d, batch %d)%n", locked.path(), state.step(),
                    state.epoch() + 1, state.position());
            return loop(locked, checkpoint.network(), checkpoint.average(), config, data, state, history);
        }
    }

    /**
     * A run killed before its first checkpoint has only its config: it starts again from step 0,
     * with the same config (and so the same steps) as the first start, if the options agree with it.
     */
    private TrainingSummary beginAgain(RunDirectory locked) {
        RunConfig config = resumed(locked.readConfig());
        TrainingData data = TrainingData.load(config.corpus(), settings.dataDir());
        if (data.vocabulary().size() != config.model().vocabSize()) {
            throw new BadInputException("the corpus '" + config.corpus() + "' now has " + data.vocabulary().size()
                    + " distinct characters, but the run in " + locked.path().toAbsolutePath() + " was started with "
                    + config.model().vocabSize() + ": restore the corpus file, or start a new run");
        }
        out.printf(Locale.ROOT, "%s has no checkpoint yet (the run stopped before its first one): starting it again from step 0%n",
                locked.path());
        return begin(locked, config, data, null);
    }

    private RunConfig resumed(RunConfig stored) {
        return ConfigResolver.resume(stored, settings.overrides(), settings.sampleLength(), workers(stored));
    }

    private int workers(RunConfig config) {
        return workers(Preset.fromCliName(config.preset()));
    }

    /** The cluster's workers on a cluster, else those asked for or the preset's. */
    private int workers(Preset preset) {
        return cluster != null ? cluster.workers() : settings.workersFor(preset);
    }

    /** @param average the average of the weights a checkpoint saved, or null (a new run, or one that keeps none) */
    private TrainingSummary loop(RunDirectory directory, MultiLayerNetwork network, INDArray average, RunConfig config,
                                 TrainingData data, TrainingState state, LossHistory history) {
        MemoryPlan plan = MemoryPlan.forRun(config, data.split().train().length + data.split().validation().length);
        plan.requireHeap(Runtime.getRuntime().maxMemory());
        // local[N] runs its executors in this process, with networks of their own the plan does not count
        if (capNativeMemory && cluster == null) {
            NativeRuntime.limitArrays(plan.arrayLimitBytes());
        }
        out.println("memory plan: " + plan.describe());
        CpuPresetWarning.line(config.preset(), Backend.ofThisBuild(), plan)
                .ifPresent(warning -> out.println(Setting.render(warning, flags)));
        TrainedWeights weights = TrainedWeights.of(network, average, config.optimizer().ema());
        if (ui == null) {
            return loop(directory, weights, config, data, state, history, StepListeners.NONE);
        }
        try (LiveStats live = LiveStats.start(ui, directory.path(), network, out)) {
            return loop(directory, weights, config, data, state, history, live.listeners());
        }
    }

    private TrainingSummary loop(RunDirectory directory, TrainedWeights weights, RunConfig config, TrainingData data,
                                 TrainingState state, LossHistory history, StepListeners listeners) {
        MultiLayerNetwork network = weights.training();
        EpochLoop loop = new EpochLoop(directory, weights, config, data, history, directory.chartIn(settings.chartsDir()),
                new TrainingReport(out, terminal, flags), stop, settings.evalEvery(),
                settings.attentionPictures() ? directory.attentionIn(settings.chartsDir()) : null);
        try (StepTrainer trainer = cluster != null ? cluster.trainer(network, config)
                : new LocalStepTrainer(network, config.optimizer().gradClip(), config.batchSize(), workers(config), listeners)) {
            return loop.run(state, settings.maxSteps(), trainer);
        }
    }

    private static void requireValidationText(TrainingData data) {
        if (data.split().validation().length < 2) {
            throw new BadInputException("the validation split (last 10% of the corpus) has fewer than 2 characters; use a longer corpus");
        }
    }
}
