package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunConfig;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.checkpoint.TrainingState;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.Preset;
import dev.chargpt.data.TrainingData;
import dev.chargpt.data.WindowIterator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.GradientGraphChatter;
import dev.chargpt.sample.Sampling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Runs {@code chargpt train}: sets up a new run (corpus, vocabulary, config, fresh network) or
 * picks one up from its latest checkpoint, then hands over to the {@link EpochLoop}.
 */
public final class TrainingRun {
    static final double WEIGHT_DECAY = 0.1;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.99;
    static final double GRAD_CLIP = 1.0;

    private final TrainSettings settings;
    private final PrintStream out;
    private EpochSampler sampler = Sampling::epochSample;
    private boolean terminal = System.console() != null;

    public TrainingRun(TrainSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Sets what writes the text after each epoch (the default: the KV-cache generator at temperature 0.8). */
    public TrainingRun withSampler(EpochSampler epochSampler) {
        this.sampler = epochSampler;
        return this;
    }

    TrainingRun withTerminal(boolean isTerminal) {
        this.terminal = isTerminal;
        return this;
    }

    /** @return the summary of the finished run */
    public TrainingSummary run() {
        GradientGraphChatter.silence();
        return settings.resume() ? resume() : start();
    }

    private TrainingSummary start() {
        TrainingData data = TrainingData.load(settings.corpus(), settings.dataDir());
        RunConfig config = freshConfig(data);
        Path runDir = settings.out() != null ? settings.out() : settings.modelsDir().resolve(runName(settings));
        if (Files.exists(runDir.resolve(RunDirectory.LATEST))) {
            throw new BadInputException(runDir.toAbsolutePath() + " already holds a training run; continue it with --resume --out "
                    + runDir + ", or pass another --out");
        }
        MultiLayerNetwork network = GptNetwork.create(config.model(), config.optimizer(), config.seed());
        try (RunDirectory directory = new RunDirectory(runDir).openForTraining()) {
            LossHistory history = new LossHistory(LossHistory.fileIn(runDir));
            history.replaceWith(new byte[0]);
            out.printf(Locale.ROOT, "training %s on %s: %,d parameters, vocabulary %d, %,d training and %,d validation characters%n",
                    describe(config), settings.corpus(), config.model().parameterCount(), data.vocabulary().size(),
                    data.split().train().length, data.split().validation().length);
            return loop(directory, network, config, data, TrainingState.fresh(), history);
        }
    }

    private TrainingSummary resume() {
        if (settings.out() == null) {
            throw new BadInputException("--resume needs --out DIR, the run directory to continue");
        }
        RunDirectory directory = new RunDirectory(settings.out());
        if (!Files.isDirectory(settings.out())) {
            throw new BadInputException("nothing to resume: " + settings.out().toAbsolutePath() + " does not exist; check --out");
        }
        try (RunDirectory locked = directory.openForTraining()) {
            Checkpoint checkpoint = CheckpointFile.read(locked.latest());
            RunConfig stored = checkpoint.config();
            RunConfig config = new RunConfig(stored.corpus(), stored.preset(), stored.model(), stored.optimizer(), stored.batchSize(),
                    settings.epochs() != null ? settings.epochs() : stored.epochs(), stored.seed(), settings.sampleLength());
            TrainingData data = TrainingData.reload(stored.corpus(), settings.dataDir(), checkpoint.vocabulary(), locked.latest());
            LossHistory history = new LossHistory(LossHistory.fileIn(locked.path()));
            history.replaceWith(checkpoint.history());   // rows written after the checkpoint would be counted twice
            TrainingState state = checkpoint.state();
            out.printf(Locale.ROOT, "resuming %s at step %,d (epoch %d, batch %d)%n", locked.path(), state.step(),
                    state.epoch() + 1, state.position());
            return loop(locked, checkpoint.network(), config, data, state, history);
        }
    }

    private TrainingSummary loop(RunDirectory directory, MultiLayerNetwork network, RunConfig config, TrainingData data,
                                 TrainingState state, LossHistory history) {
        Path chart = settings.chartsDir().resolve(directory.path().toAbsolutePath().normalize().getFileName()).resolve("loss.png");
        EpochLoop loop = new EpochLoop(directory, network, config, data, history, chart, sampler, out, terminal,
                settings.evalEvery());
        return loop.run(state, settings.maxSteps());
    }

    private RunConfig freshConfig(TrainingData data) {
        Preset p = settings.preset();
        ModelConfig model = new ModelConfig(data.vocabulary().size(), or(settings.layers(), p.layers), or(settings.heads(), p.heads),
                or(settings.width(), p.width), or(settings.blockSize(), p.blockSize), or(settings.dropout(), p.dropout));
        int batchSize = or(settings.batchSize(), p.batchSize);
        int epochs = or(settings.epochs(), p.epochs);
        if (epochs < 1) {
            throw new BadInputException("--epochs must be at least 1, got " + epochs);
        }
        // The iterator's constructor refuses a training text that does not fill one batch.
        int batchesPerEpoch = new WindowIterator(data.split().train(), model.blockSize(), batchSize, settings.seed()).batchesPerEpoch();
        requireValidationText(data);
        long plannedSteps = (long) epochs * batchesPerEpoch;
        if (plannedSteps > Integer.MAX_VALUE) {
            throw new BadInputException("--epochs " + epochs + " plans more than 2^31 steps; use fewer epochs");
        }
        OptimizerConfig optimizer = new OptimizerConfig(or(settings.learningRate(), p.learningRate),
                or(settings.minLearningRate(), Math.min(p.minLearningRate, or(settings.learningRate(), p.learningRate))),
                or(settings.warmupSteps(), p.warmupSteps), (int) plannedSteps,
                or(settings.weightDecay(), WEIGHT_DECAY), BETA1, BETA2, or(settings.gradClip(), GRAD_CLIP));
        return new RunConfig(settings.corpus(), p.cliName(), model, optimizer, batchSize, epochs, settings.seed(), settings.sampleLength());
    }

    private static void requireValidationText(TrainingData data) {
        if (data.split().validation().length < 2) {
            throw new BadInputException("the validation split (last 10% of the corpus) has fewer than 2 characters; use a longer corpus");
        }
    }

    static String runName(TrainSettings settings) {
        String corpus = settings.corpus();
        String name = switch (corpus) {
            case "tiny", "complete" -> corpus;
            default -> {
                String file = Path.of(corpus).getFileName().toString();
                int dot = file.lastIndexOf('.');
                yield (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9_-]", "_");
            }
        };
        return name + "-" + settings.preset().cliName() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    static String describe(RunConfig c) {
        ModelConfig m = c.model();
        return String.format(Locale.ROOT, "%s (%d layers x %d heads x %d, block %d, batch %d, dropout %s, lr %s -> %s over %,d steps, %d epochs)",
                c.preset(), m.layers(), m.heads(), m.width(), m.blockSize(), c.batchSize(), m.dropout(), c.optimizer().learningRate(),
                c.optimizer().minLearningRate(), c.optimizer().decaySteps(), c.epochs());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
