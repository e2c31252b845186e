package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.Activation;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.PlainNumber;
import dev.chargpt.config.Preset;
import dev.chargpt.config.ScheduleShape;
import dev.chargpt.data.CorpusStore;
import dev.chargpt.data.NamedCorpus;
import dev.chargpt.train.ClusterSettings;
import dev.chargpt.train.TrainSettings;
import dev.chargpt.train.TrainingRun;
import dev.chargpt.ui.StatsFile;
import dev.chargpt.ui.TrainingUi;
import dev.chargpt.ui.UiSettings;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code chargpt train}: options into {@link TrainSettings}, then {@link TrainingRun}. */
final class TrainCommand implements Command {

    private static final TrainSettings DEFAULTS = TrainSettings.defaults();

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(Flags.valued("corpus", "tiny|complete|PATH",
                    "what to train on: tiny Shakespeare, the complete works, or your own UTF-8 text file"
                            + " (default: " + DEFAULTS.corpus() + "; named corpora are downloaded once into --data-dir)"))
            .addOption(Flags.valued("preset", "NAME", "model and optimizer starting point: " + presetNames()
                    + " (default: " + DEFAULTS.preset().cliName() + "); the options below override single fields"))
            .addOption(Flags.valued("out", "DIR", "the run directory for checkpoints, samples and the loss history"
                    + " (default: a new <corpus>-<preset>-<timestamp> under --models-dir)"))
            .addOption(Flags.valued("epochs", "N", "passes over the training text (" + byPreset(p -> p.epochs) + ")"))
            .addOption(Flags.valued("max-steps", "N", "stop after N optimizer steps in all, mid-epoch if need be (default: no limit)"))
            .addOption(Flags.valued("seed", "S", "every random choice derives from it (default: " + DEFAULTS.seed() + ")"))
            .addOption(Flags.onOff("resume", "continue the run in --out from its latest checkpoint, exactly where it stopped"))
            .addOption(Flags.valued("eval-every", "N", "also measure the validation loss and save the latest (and"
                    + " best) checkpoint every N steps within an epoch, 0 for epoch ends only (default: 0)"))
            .addOption(Flags.valued("workers", "N", "replicas of the model, each on a thread of its own with --batch-size"
                    + " windows per step, one optimizer step from their summed gradients (" + byPreset(p -> p.workers)
                    + "; see README, \"Workers\")"))
            .addOption(Flags.onOff("attention-pictures", "after each epoch also draw every attention head for the first"
                    + " block-size characters of the validation text, to <run>/attention.png beside the loss chart"
                    + " (default: off)"))
            .addOption(Flags.onOff("ui", "watch the run in DL4J's training UI (score against step, update:weight ratios,"
                    + " learning rate, the layers, memory) at http://127.0.0.1:9000; its statistics are kept in <run>/"
                    + StatsFile.NAME + " for chargpt ui (default: off)"))
            .addOption(Flags.valued("ui-port", "N", "the training UI's port (default: " + TrainingUi.DEFAULT_PORT + ")"))
            .addOption(Flags.valued("ui-host", "ADDRESS", "the address the training UI listens on (default: "
                    + TrainingUi.LOOPBACK + "); the UI has no authentication, so any other address is a warning"))
            .addOption(Flags.valued("ui-every", "N", "collect the UI's statistics every N optimizer steps (default: "
                    + UiSettings.DEFAULT_EVERY + ")"))
            .addOption(Flags.valued("spark", "MASTER", "train the steps on Apache Spark: local[N], spark://HOST:PORT, or"
                    + " 'submit' for the master spark-submit gives; validation, checkpoints, samples and the chart stay here."
                    + " Needs the Spark build (scripts/chargpt-spark; README, \"Scale out on Spark\")"))
            .addOption(Flags.valued("spark-mode", "averaging|sharing", "how the Spark workers combine their work: average"
                    + " the weights every few steps, or share thresholded updates as they go (default: "
                    + ClusterSettings.DEFAULT_MODE.cliName() + ")"))
            .addOption(Flags.valued("init-from", "RUN", "start a new run from the weights of a trained model to"
                    + " fine-tune it on --corpus: a run directory (its best checkpoint), or DIR/latest; its shape"
                    + " stays, new characters get fresh rows (default: from scratch)"))
            .addOption(Flags.valued("sample-length", "N", "characters sampled after each epoch, 0 for none (default: "
                    + DEFAULTS.sampleLength() + ")"))
            .addOption(Flags.valued("layers", "N", "transformer blocks (" + byPreset(p -> p.layers) + ")"))
            .addOption(Flags.valued("heads", "N", "attention heads per block; must divide --width (" + byPreset(p -> p.heads) + ")"))
            .addOption(Flags.valued("width", "N", "embedding width (" + byPreset(p -> p.width) + ")"))
            .addOption(Flags.valued("block-size", "N", "context length in characters (" + byPreset(p -> p.blockSize) + ")"))
            .addOption(Flags.valued("dropout", "P", "dropout probability in training, in [0, 1) (" + byPreset(p -> p.dropout) + ")"))
            .addOption(Flags.valued("activation", "gelu|relu2", "the MLP's nonlinearity: the exact GELU, or relu2, ReLU"
                    + " squared (cheaper per step; README, \"Recipe options\") (" + byPreset(p -> p.activation.cliName()) + ")"))
            .addOption(Flags.onOff("zero-init", "start the two projections that write into each block's residual stream"
                    + " and the head's weights at zero, so each block starts as the identity and the first prediction is"
                    + " uniform (modded-nanogpt's initialisation; measured worse here on cpu-small, README, \"Recipe options\") ("
                    + byPreset(p -> p.zeroInit ? "on" : "off") + ")"))
            .addOption(Flags.onOff("qk-norm", "in attention, scale each head's queries and keys to the same size (RMS"
                    + " norm) times a learned gain per channel before they are compared, which keeps attention scores from"
                    + " growing out of hand; adds two vectors of --width weights per block (on cpu-small: 1.90 sooner, the"
                    + " end no better; README, \"Recipe options\") (" + byPreset(p -> p.qkNorm ? "on" : "off") + ")"))
            .addOption(Flags.valued("batch-size", "N", "windows per worker and step: a step trains on --workers times as many (" + byPreset(p -> p.batchSize) + ")"))
            .addOption(Flags.valued("learning-rate", "LR", "peak learning rate, in (0, 1) (" + byPreset(p -> p.learningRate) + ")"))
            .addOption(Flags.valued("min-learning-rate", "LR", "learning rate at the end of the decay (cosine or"
                    + " wsd), between 0 and --learning-rate (" + byPreset(p -> p.minLearningRate) + ")"))
            .addOption(Flags.valued("warmup-steps", "N", "steps of linear warmup, 0 or more (" + byPreset(p -> p.warmupSteps) + ")"))
            .addOption(Flags.valued("weight-decay", "W", "decoupled weight decay on matrices, in [0, 1) (" + byPreset(p -> p.weightDecay) + ")"))
            .addOption(Flags.valued("grad-clip", "G", "clip the global gradient norm to G, 0 turns clipping off (" + byPreset(p -> p.gradClip) + ")"))
            .addOption(Flags.valued("beta1", "B", "Adam's first-moment decay, in [0, 1) (" + byPreset(p -> p.beta1) + ")"))
            .addOption(Flags.valued("beta2", "B", "Adam's second-moment decay, in [0, 1) (" + byPreset(p -> p.beta2) + ")"))
            .addOption(Flags.valued("schedule", "cosine|wsd", "the learning rate after the warmup: cosine decay to"
                    + " --min-learning-rate over the run, or wsd: held at the peak, then a linear decay over the last"
                    + " --cooldown of the run (" + byPreset(p -> p.schedule.cliName()) + ")"))
            .addOption(Flags.valued("cooldown", "F", "with --schedule wsd: the fraction of the run, at its end, over which the"
                    + " rate decays, in (0, 1] (" + byPreset(p -> p.schedule == ScheduleShape.WSD ? p.cooldown : Preset.DEFAULT_COOLDOWN) + ")"))
            .addOption(Flags.valued("ema", "D", "validate, sample and keep best.zip with an exponential moving average of the"
                    + " weights that decays by D per step, in [0, 1); 0 for the weights as trained (" + byPreset(p -> p.ema) + ")"))
            .addOption(Flags.valued("data-dir", "DIR", "where named corpora are kept (default: " + DEFAULTS.dataDir() + ")"))
            .addOption(Flags.valued("models-dir", "DIR", "where new run directories go (default: " + DEFAULTS.modelsDir() + ")"))
            .addOption(Flags.valued("charts-dir", "DIR", "where <run>/loss.png goes (default: " + DEFAULTS.chartsDir() + ")")));

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model on a corpus; writes checkpoints, samples and a loss chart after each epoch";
    }

    @Override
    public String description() {
        return """
                Trains a character-level GPT. After each epoch it measures the validation loss (nats and bits
                per character), keeps the latest and the best checkpoint in the run directory, prints a sample
                and redraws <charts-dir>/<run>/loss.png. Stop it at any time and continue with --resume.""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt train", "cpu-small on tiny Shakespeare, into a new directory under models/"),
                new Example("chargpt train --out models/my-run --epochs 2 --seed 7", "a short run with a chosen seed"),
                new Example("chargpt train --resume --out models/my-run", "continue that run where it stopped"),
                new Example("chargpt train --corpus complete --preset gpu-baby", "the larger model on the complete works"),
                new Example("chargpt train --corpus notes.txt --layers 2 --width 64 --max-steps 200",
                        "a quick, small run on your own UTF-8 text"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        boolean resume = values.has("resume");
        Path out = values.path("out");
        if (resume && out == null) {
            throw new BadInputException("--resume needs --out DIR, the run directory to continue"
                    + " (for example: chargpt train --resume --out models/my-run)");
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException("--out " + out.toAbsolutePath() + " is a file; give a run directory");
        }
        if (resume && !Files.isDirectory(out)) {
            throw new BadInputException("--out " + out.toAbsolutePath() + " does not exist, so there is no run to resume;"
                    + " check the path, or drop --resume to start a new run there");
        }

        Preset preset = Preset.fromCliName(values.text("preset", DEFAULTS.preset().cliName()));
        Overrides overrides = new Overrides(
                values.positiveInt("layers"), values.positiveInt("heads"), values.positiveInt("width"),
                values.positiveInt("block-size"), values.number("dropout", p -> p >= 0 && p < 1, "a number in [0, 1)"),
                values.positiveInt("batch-size"),
                values.number("learning-rate", lr -> lr > 0 && lr < 1, "a number in (0, 1)"),
                values.number("min-learning-rate", lr -> lr >= 0 && lr < 1, "a number in [0, 1)"),
                values.nonNegativeInt("warmup-steps"),
                values.number("weight-decay", w -> w >= 0 && w < 1, "a number in [0, 1)"),
                values.number("grad-clip", g -> g >= 0, "a number >= 0"),
                values.positiveInt("epochs"),
                values.number("beta1", b -> b >= 0 && b < 1, "a number in [0, 1)"),
                values.number("beta2", b -> b >= 0 && b < 1, "a number in [0, 1)"),
                schedule(values),
                values.number("cooldown", f -> f > 0 && f <= 1, "a number in (0, 1]"),
                values.number("ema", d -> d >= 0 && d < 1, "a number in [0, 1)"),
                activation(values),
                values.has("zero-init") ? Boolean.TRUE : null,
                values.has("qk-norm") ? Boolean.TRUE : null);
        if (!resume) {
            ConfigResolver.check(preset, overrides); // a resumed run checks them against its checkpoint
        }

        String corpus = values.text("corpus", DEFAULTS.corpus());
        Path dataDir = values.path("data-dir", DEFAULTS.dataDir());
        checkOwnCorpus(corpus, dataDir);

        TrainSettings settings = new TrainSettings(corpus, preset, overrides, values.positiveLong("max-steps"),
                seed(values), resume, out,
                values.nonNegativeInt("sample-length", DEFAULTS.sampleLength()),
                values.nonNegativeInt("eval-every", DEFAULTS.evalEvery()),
                workers(values),
                dataDir,
                values.path("models-dir", DEFAULTS.modelsDir()),
                values.path("charts-dir", DEFAULTS.chartsDir()),
                values.has("attention-pictures"),
                initFrom(values, resume, overrides));
        UiSettings ui = ui(values);
        ClusterSettings cluster = cluster(values);
        if (cluster != null && ui != null) {
            throw new BadInputException("--ui does not watch Spark runs: drop --ui, and follow the run in its progress"
                    + " lines and loss chart (or in Spark's own UI on port 4040)");
        }
        return new Run(settings, ui, cluster);
    }

    private static ScheduleShape schedule(OptionValues values) {
        String shape = values.text("schedule", null);
        return shape == null ? null : ScheduleShape.fromCliName(shape);
    }

    private static Activation activation(OptionValues values) {
        String name = values.text("activation", null);
        return name == null ? null : Activation.fromCliName(name);
    }

    /** The --spark settings, or null without --spark; its workers are Spark's, so --workers is refused. */
    private static ClusterSettings cluster(OptionValues values) {
        String master = values.text("spark", null);
        String mode = values.text("spark-mode", null);
        if (master == null) {
            if (mode != null) {
                throw new BadInputException("--spark-mode says how Spark trains; add --spark MASTER (for example --spark 'local[2]')");
            }
            return null;
        }
        if (values.has("workers")) {
            throw new BadInputException("--workers and --spark both say who trains: on Spark the workers are Spark's"
                    + " (local[N], or the cluster's executor cores); drop --workers");
        }
        if (master.isBlank()) {
            throw new BadInputException("--spark needs a master: local[N], spark://HOST:PORT, or submit");
        }
        ClusterSettings.Mode chosen = ClusterSettings.DEFAULT_MODE;
        if (mode != null) {
            chosen = Arrays.stream(ClusterSettings.Mode.values()).filter(m -> m.cliName().equals(mode)).findFirst()
                    .orElseThrow(() -> new BadInputException("--spark-mode " + mode + " is not a mode: use averaging or sharing"));
        }
        return new ClusterSettings(master.equals("submit") ? null : master, chosen);
    }

    /** The --ui settings, or null without --ui (the other --ui-* options then make no sense). */
    private static UiSettings ui(OptionValues values) {
        UiSettings ui = UiFlags.settings(values);
        if (ui == null && (values.has("ui-port") || values.has("ui-host") || values.has("ui-every"))) {
            throw new BadInputException("--ui-port, --ui-host and --ui-every set up the training UI; add --ui to start it");
        }
        return ui;
    }

    /**
     * A user's own corpus file is checked now, before ND4J loads and before any work: a missing
     * file, a directory or an empty file is one clear line. Named corpora are fetched by the run.
     */
    private static void checkOwnCorpus(String corpus, Path dataDir) {
        if (NamedCorpus.fromCliName(corpus).isEmpty()) {
            new CorpusStore(dataDir).resolve(corpus);
        }
    }

    /**
     * The checkpoint {@code --init-from} names: a run directory (its best checkpoint) or
     * {@code DIR/best} or {@code DIR/latest}. The model's shape comes from it, so shape options are refused.
     */
    private static Path initFrom(OptionValues values, boolean resume, Overrides overrides) {
        Path given = values.path("init-from");
        if (given == null) {
            return null;
        }
        if (resume) {
            throw new BadInputException("--init-from starts a new run and --resume continues one; give only one of them");
        }
        ConfigResolver.requireNoShape(overrides);
        String last = given.getFileName() == null ? "" : given.getFileName().toString();
        boolean named = (last.equals("best") || last.equals("latest")) && given.getParent() != null
                && !Files.isDirectory(given);
        Path runDir = InputPaths.runDirectory(named ? given.getParent() : given, "init-from");
        return new RunDirectory(runDir).checkpoint(named ? last : "best");
    }

    private static Integer workers(OptionValues values) {
        return values.positiveInt("workers"); // null: the preset's
    }

    private static long seed(OptionValues values) {
        Long seed = values.anyLong("seed");
        return seed == null ? DEFAULTS.seed() : seed;
    }

    /** "cpu-small: 4, gpu-baby: 6": a field's value in each preset, for the help. */
    private static String byPreset(Function<Preset, Object> field) {
        Function<Preset, String> text = p -> field.apply(p) instanceof Number n ? PlainNumber.text(n) : String.valueOf(field.apply(p));
        if (Arrays.stream(Preset.values()).map(text).distinct().count() == 1) {
            return "every preset: " + text.apply(Preset.values()[0]);
        }
        return Arrays.stream(Preset.values()).map(p -> p.cliName() + ": " + text.apply(p)).collect(Collectors.joining(", "));
    }

    private static String presetNames() {
        return Arrays.stream(Preset.values()).map(Preset::cliName).collect(Collectors.joining(", "));
    }

    /** The validated settings, ready to run. */
    record Run(TrainSettings settings, UiSettings ui, ClusterSettings cluster) implements Invocation {
        @Override
        public boolean usesNd4j() {
            return true;
        }

        @Override
        public Path writesTo() {
            return settings.out() != null ? settings.out() : settings.modelsDir();
        }

        @Override
        public String work() {
            return settings.resume() ? "resuming a training run" : "training " + settings.preset().cliName();
        }

        @Override
        public String afterFreeingSpace() {
            return "run again with --resume"
                    + (settings.out() != null ? " --out " + settings.out() : " --out <the run directory printed above>");
        }

        @Override
        public void run(PrintStream out) {
            try (StopSignals signals = StopSignals.install()) {
                TrainingRun run = new TrainingRun(settings, out, SettingFlags::flag, signals).cappingNativeMemory();
                (ui == null ? run : run.watchedIn(ui)).onCluster(cluster).run();
            }
        }
    }
}
