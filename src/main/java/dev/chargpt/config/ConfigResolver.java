package dev.chargpt.config;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

import java.util.Objects;

import static dev.chargpt.Setting.ACTIVATION;
import static dev.chargpt.Setting.BATCH_SIZE;
import static dev.chargpt.Setting.BETA1;
import static dev.chargpt.Setting.BETA2;
import static dev.chargpt.Setting.COOLDOWN;
import static dev.chargpt.Setting.EMA;
import static dev.chargpt.Setting.SCHEDULE;
import static dev.chargpt.Setting.BLOCK_SIZE;
import static dev.chargpt.Setting.DROPOUT;
import static dev.chargpt.Setting.EPOCHS;
import static dev.chargpt.Setting.GRAD_CLIP;
import static dev.chargpt.Setting.HEADS;
import static dev.chargpt.Setting.LAYERS;
import static dev.chargpt.Setting.LEARNING_RATE;
import static dev.chargpt.Setting.MIN_LEARNING_RATE;
import static dev.chargpt.Setting.QK_NORM;
import static dev.chargpt.Setting.WARMUP_STEPS;
import static dev.chargpt.Setting.WEIGHT_DECAY;
import static dev.chargpt.Setting.WIDTH;
import static dev.chargpt.Setting.ZERO_INIT;
import static dev.chargpt.config.ModelConfig.require;

/**
 * The one place where a preset and the user's overrides become a run's {@link RunConfig}, as
 * nanoGPT resolves its {@code model_args} once and saves them with the checkpoint. The command line
 * calls {@link #check} before any data is read, the training run calls {@link #resolve} once the
 * corpus gives the vocabulary and the number of batches, and a resumed run calls {@link #resume},
 * which takes everything from the checkpoint's config.
 */
public final class ConfigResolver {

    /** How many batches one epoch has for a block size and a batch size; it may refuse them. */
    @FunctionalInterface
    public interface BatchCount {
        int batchesPerEpoch(int blockSize, int batchSize);
    }

    /** The smallest vocabulary a corpus can have, enough to check everything that does not depend on the text. */
    private static final int SMALLEST_VOCABULARY = 2;

    private ConfigResolver() {
    }

    /**
     * Checks, before the corpus is read, every rule that does not depend on it: the combination
     * with the preset's other fields must make a model ({@code --heads} divides {@code --width}),
     * an explicit learning-rate floor must not exceed the peak.
     */
    public static void check(Preset preset, Overrides overrides) {
        resolve(preset, overrides, "", 0, 0, SMALLEST_VOCABULARY, 1, (blockSize, batchSize) -> 1);
    }

    /** The model shape of a new run (also what the GPU memory estimate and the benchmarks build). */
    public static ModelConfig model(Preset preset, Overrides o, int vocabSize) {
        return new ModelConfig(vocabSize, or(o.layers(), preset.layers), or(o.heads(), preset.heads),
                or(o.width(), preset.width), or(o.blockSize(), preset.blockSize), or(o.dropout(), preset.dropout),
                or(o.activation(), preset.activation), or(o.zeroInit(), preset.zeroInit), or(o.qkNorm(), preset.qkNorm));
    }

    /**
     * The config of a new run on {@code workers} workers. The batch size, the preset's or the user's,
     * is per worker, as PyTorch's DDP counts it: a step trains on workers x that many windows, and the
     * config keeps that step's batch (what the data, the schedule and the checkpoint see).
     */
    public static RunConfig resolve(Preset preset, Overrides o, String corpus, long seed, int sampleLength,
                                    int vocabSize, int workers, BatchCount batches) {
        ModelConfig model = model(preset, o, vocabSize);
        int perWorker = or(o.batchSize(), preset.batchSize);
        require(perWorker >= 1, BATCH_SIZE + " must be at least 1, got " + perWorker);
        require((long) perWorker * workers <= Integer.MAX_VALUE, BATCH_SIZE + " " + perWorker + " on " + workers
                + " workers is too large a batch");
        int batchSize = perWorker * workers;
        int epochs = or(o.epochs(), preset.epochs);
        require(epochs >= 1, EPOCHS + " must be at least 1, got " + epochs);
        long plannedSteps = (long) epochs * batches.batchesPerEpoch(model.blockSize(), batchSize);
        require(plannedSteps <= Integer.MAX_VALUE, EPOCHS + " " + epochs + " plans more than 2^31 steps; use fewer epochs");
        double peak = or(o.learningRate(), preset.learningRate);
        // Only an explicit floor can be too high: the preset's is lowered to a smaller peak.
        double floor = o.minLearningRate() != null ? o.minLearningRate() : Math.min(preset.minLearningRate, peak);
        require(floor <= peak, MIN_LEARNING_RATE + " (" + PlainNumber.text(floor) + ") must not exceed " + LEARNING_RATE
                + " (" + PlainNumber.text(peak) + (o.learningRate() == null ? ", the preset's" : "") + ")");
        ScheduleShape schedule = or(o.schedule(), preset.schedule);
        // A preset of another shape switched to wsd takes the default cooldown; cosine has none.
        double cooldown = o.cooldown() != null ? o.cooldown()
                : schedule != ScheduleShape.WSD ? 0 : preset.schedule == ScheduleShape.WSD ? preset.cooldown : Preset.DEFAULT_COOLDOWN;
        OptimizerConfig optimizer = new OptimizerConfig(peak, floor, or(o.warmupSteps(), preset.warmupSteps), (int) plannedSteps,
                or(o.weightDecay(), preset.weightDecay), or(o.beta1(), preset.beta1), or(o.beta2(), preset.beta2),
                or(o.gradClip(), preset.gradClip), schedule, cooldown, or(o.ema(), preset.ema));
        return new RunConfig(corpus, preset.cliName(), model, optimizer, batchSize, epochs, seed, sampleLength);
    }

    /**
     * The config of a resumed run: the stored one, with the epochs and the sample length the user
     * asks for now. An override that would change the model or the optimizer is refused (the saved
     * weights and Adam state belong to them); one that repeats the run's value is fine, so the
     * command that started a run, plus {@code --resume}, continues it.
     */
    public static RunConfig resume(RunConfig stored, Overrides o, int sampleLength, int workers) {
        ModelConfig m = stored.model();
        OptimizerConfig opt = stored.optimizer();
        keep(LAYERS, o.layers(), m.layers());
        keep(HEADS, o.heads(), m.heads());
        keep(WIDTH, o.width(), m.width());
        keep(BLOCK_SIZE, o.blockSize(), m.blockSize());
        keep(DROPOUT, o.dropout(), m.dropout());
        if (o.activation() != null && o.activation() != m.activation()) {
            throw new BadInputException(ACTIVATION + " " + o.activation().cliName() + " differs from the run's " + m.activation().cliName()
                    + ": a resumed run keeps the model and optimizer it started with; drop " + ACTIVATION + ", or start a new run");
        }
        // Only a run killed before its first checkpoint initialises again, but the setting is the model's all the same.
        keepSwitch(ZERO_INIT, o.zeroInit(), m.zeroInit());
        keepSwitch(QK_NORM, o.qkNorm(), m.qkNorm());
        keepBatch(o.batchSize(), workers, stored.batchSize());
        keep(LEARNING_RATE, o.learningRate(), opt.learningRate());
        keep(MIN_LEARNING_RATE, o.minLearningRate(), opt.minLearningRate());
        keep(WARMUP_STEPS, o.warmupSteps(), opt.warmupSteps());
        keep(WEIGHT_DECAY, o.weightDecay(), opt.weightDecay());
        keep(GRAD_CLIP, o.gradClip(), opt.gradClip());
        keep(BETA1, o.beta1(), opt.beta1());
        keep(BETA2, o.beta2(), opt.beta2());
        if (o.schedule() != null && o.schedule() != opt.schedule()) {
            throw new BadInputException(SCHEDULE + " " + o.schedule().cliName() + " differs from the run's " + opt.schedule().cliName()
                    + ": a resumed run keeps the model and optimizer it started with; drop " + SCHEDULE + ", or start a new run");
        }
        keep(COOLDOWN, o.cooldown(), opt.cooldown());
        keep(EMA, o.ema(), opt.ema());
        int epochs = or(o.epochs(), stored.epochs());
        require(epochs >= 1, EPOCHS + " must be at least 1, got " + epochs);
        return new RunConfig(stored.corpus(), stored.preset(), m, opt, stored.batchSize(), epochs, stored.seed(), sampleLength);
    }

    /**
     * Fine-tuning's learning rate unless the user gives one, measured (benchmarks/README.md, "Fine-tuning"): the
     * default run's model on the Sonnets, 615 steps, reached 1.4979 nats with 3e-4 (floor 3e-5) and
     * 1.5012 with the preset's 1e-3, and 1.5970 against 1.6558 after the first epoch.
     */
    public static final double FINE_TUNING_LEARNING_RATE = 3e-4;
    public static final double FINE_TUNING_MIN_LEARNING_RATE = 3e-5;

    /**
     * The overrides of a run that starts from a trained model's weights: its shape, activation, zero-init and QK-norm are {@code source}'s,
     * and its learning rate, schedule (cosine) and average (none) fine-tuning's where the user gave none. {@link #resolve} then makes the
     * config from them, as for any new run.
     *
     * @throws BadInputException if the overrides set the shape
     */
    public static Overrides fineTuning(ModelConfig source, Overrides o) {
        requireNoShape(o);
        boolean ownRate = o.learningRate() != null;
        // Double.valueOf: a conditional of Double and double unboxes, and a null floor would throw.
        return new Overrides(source.layers(), source.heads(), source.width(), source.blockSize(), o.dropout(), o.batchSize(),
                ownRate ? o.learningRate() : Double.valueOf(FINE_TUNING_LEARNING_RATE),
                o.minLearningRate() != null || ownRate ? o.minLearningRate() : Double.valueOf(FINE_TUNING_MIN_LEARNING_RATE),
                o.warmupSteps(), o.weightDecay(), o.gradClip(), o.epochs(), o.beta1(), o.beta2(),
                // the recipe fine-tuning was measured with, whatever the preset trains from scratch with
                o.schedule() != null ? o.schedule() : ScheduleShape.COSINE, o.cooldown(), o.ema() != null ? o.ema() : Double.valueOf(0),
                source.activation(),
                // The weights are the source's; only the head columns of characters it never saw start
                // afresh, at zero if the source model was zero-initialised.
                source.zeroInit(), source.qkNorm());
    }

    /**
     * @throws BadInputException if the overrides set the shape, the activation, zero-init or QK-norm,
     *                           which a fine-tuned run takes from its model
     */
    public static void requireNoShape(Overrides o) {
        refuseUnderInitFrom(LAYERS, o.layers());
        refuseUnderInitFrom(HEADS, o.heads());
        refuseUnderInitFrom(WIDTH, o.width());
        refuseUnderInitFrom(BLOCK_SIZE, o.blockSize());
        refuseUnderInitFrom(ACTIVATION, o.activation());
        refuseUnderInitFrom(ZERO_INIT, o.zeroInit());
        refuseUnderInitFrom(QK_NORM, o.qkNorm());
    }

    private static void refuseUnderInitFrom(Setting setting, Object asked) {
        if (asked != null) {
            String what = setting == ACTIVATION ? "activation" : setting == ZERO_INIT ? "weights" : setting == QK_NORM ? "attention" : "shape";
            throw new BadInputException(setting + " cannot change under " + Setting.INIT_FROM
                    + ": the model's " + what + (what.endsWith("s") ? " come" : " comes") + " from the model it starts from; drop "
                    + setting);
        }
    }

    /** An on/off model setting: repeating the run's own is fine, the other one is refused. */
    private static void keepSwitch(Setting setting, Boolean asked, boolean stored) {
        if (asked != null && asked != stored) {
            throw new BadInputException(setting + " is " + (asked ? "on" : "off") + " but the run started "
                    + (stored ? "with" : "without") + " it: a resumed run keeps the model and optimizer it started with; drop "
                    + setting + ", or start a new run");
        }
    }

    private static void keep(Setting setting, Number asked, Number stored) {
        if (asked != null && !Objects.equals(asked.doubleValue(), stored.doubleValue())) {
            throw new BadInputException(setting + " " + PlainNumber.text(asked) + " differs from the run's "
                    + PlainNumber.text(stored) + ": a resumed run keeps the model and optimizer it started with;"
                    + " drop " + setting + ", or start a new run");
        }
    }

    /**
     * The step's batch stays the run's. On another number of workers it is shared out differently
     * (the same step, to float rounding), so only a batch size that changes the step is refused.
     */
    private static void keepBatch(Integer perWorker, int workers, int storedBatch) {
        if (perWorker != null && (long) perWorker * workers != storedBatch) {
            throw new BadInputException(BATCH_SIZE + " " + perWorker + " on " + workers + (workers == 1 ? " worker" : " workers")
                    + " makes a step of " + (long) perWorker * workers + " windows, but the run's steps have " + storedBatch
                    + ": a resumed run keeps the model and optimizer it started with; drop " + BATCH_SIZE + ", or start a new run");
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
