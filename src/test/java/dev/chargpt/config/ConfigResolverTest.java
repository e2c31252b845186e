package dev.chargpt.config;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigResolverTest {
    private static final Overrides NONE = Overrides.none();

    private static Overrides layers(int layers) {
        return new Overrides(layers, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static Overrides learningRate(double peak, Double floor) {
        return new Overrides(null, null, null, null, null, null, peak, floor, null, null, null, null);
    }

    private static RunConfig resolve(Preset preset, Overrides overrides) {
        return ConfigResolver.resolve(preset, overrides, "tiny", 7, 100, 65, 1, (blockSize, batchSize) -> 1000 / batchSize);
    }

    @Test
    void aPresetAloneGivesItsOwnFields() {
        RunConfig config = resolve(Preset.GPU_BABY, NONE);
        ModelConfig m = config.model();
        assertEquals(new ModelConfig(65, 6, 6, 384, 256, 0.2), m);
        assertEquals(64, config.batchSize());
        assertEquals(80, config.epochs());
        assertEquals(new OptimizerConfig(1e-3, 1e-4, 100, 80 * (1000 / 64), 0.1, 0.9, 0.99, 1.0), config.optimizer());
        assertEquals("gpu-baby", config.preset());
    }

    @Test
    void theStartLineCountsEpochsInWords() {
        Overrides oneEpoch = new Overrides(null, null, null, null, null, null, null, null, null, null, null, 1);
        assertTrue(resolve(Preset.CPU_SMALL, oneEpoch).describe().endsWith(", 1 epoch)"), resolve(Preset.CPU_SMALL, oneEpoch).describe());
        assertTrue(resolve(Preset.GPU_BABY, NONE).describe().endsWith(", 80 epochs)"), resolve(Preset.GPU_BABY, NONE).describe());
    }

    private static Overrides recipe(Double beta2, ScheduleShape schedule, Double cooldown, Double ema) {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null, null, beta2, schedule, cooldown, ema);
    }

    @Test
    void theRecipesOptionsOverrideThePresets() {
        OptimizerConfig o = resolve(Preset.CPU_SMALL, recipe(0.95, ScheduleShape.WSD, 0.2, 0.99)).optimizer();
        assertEquals(0.95, o.beta2());
        assertEquals(Preset.CPU_SMALL.beta1, o.beta1());
        assertEquals(ScheduleShape.WSD, o.schedule());
        assertEquals(0.2, o.cooldown());
        assertEquals(0.99, o.ema());
        assertTrue(resolve(Preset.CPU_SMALL, recipe(null, ScheduleShape.WSD, 0.2, 0.99)).describe()
                .contains("wsd, the last 0.2 of"), "the start line names the schedule");
    }

    @Test
    void wsdWithoutACooldownTakesTheDefaultOneAndCosineRefusesOne() {
        assertEquals(Preset.DEFAULT_COOLDOWN, resolve(Preset.GPU_BABY, recipe(null, ScheduleShape.WSD, null, null)).optimizer().cooldown());
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigResolver.check(Preset.GPU_BABY, recipe(null, ScheduleShape.COSINE, 0.3, null)));
        assertTrue(e.getMessage().startsWith("cooldown must be in (0, 1] with the wsd schedule"), e.getMessage());
    }

    @Test
    void aResumedRunKeepsItsRecipe() {
        RunConfig stored = resolve(Preset.CPU_SMALL, recipe(null, ScheduleShape.WSD, 0.3, 0.99));
        assertEquals(stored.optimizer(), ConfigResolver.resume(stored, NONE, 100, 2).optimizer());
        assertEquals(stored.optimizer(), ConfigResolver.resume(stored, recipe(null, ScheduleShape.WSD, 0.3, 0.99), 100, 2).optimizer(),
                "repeating the run's own options is fine");
        BadInputException schedule = assertThrows(BadInputException.class,
                () -> ConfigResolver.resume(stored, recipe(null, ScheduleShape.COSINE, null, null), 100, 2));
        assertTrue(schedule.getMessage().startsWith("schedule cosine differs from the run's wsd"), schedule.getMessage());
        BadInputException ema = assertThrows(BadInputException.class,
                () -> ConfigResolver.resume(stored, recipe(null, null, null, 0.9), 100, 2));
        assertTrue(ema.getMessage().startsWith("ema 0.9 differs from the run's 0.99"), ema.getMessage());
    }

    @Test
    void anOverrideChangesItsFieldOnly() {
        RunConfig config = resolve(Preset.CPU_SMALL, layers(2));
        assertEquals(2, config.model().layers());
        assertEquals(Preset.CPU_SMALL.width, config.model().width());
    }

    @Test
    void thePresetsFloorFollowsASmallerPeakButAnExplicitOneMustNotExceedIt() {
        assertEquals(5e-5, resolve(Preset.GPU_BABY, learningRate(5e-5, null)).optimizer().minLearningRate());
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.check(Preset.GPU_BABY,
                learningRate(1e-3, 0.5)));
        assertEquals("minLearningRate (0.5) must not exceed learningRate (0.001)", e.getMessage());
    }

    @Test
    void checkRefusesAShapeThatMakesNoModel() {
        Overrides heads = new Overrides(null, 3, null, null, null, null, null, null, null, null, null, null);
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.check(Preset.CPU_SMALL, heads));
        assertTrue(e.template().startsWith("{heads} (3) must divide {width} (128)"), e.template());
    }

    @Test
    void aRunPlannedBeyondTwoToTheThirtyOneStepsIsRefused() {
        Overrides epochs = new Overrides(null, null, null, null, null, null, null, null, null, null, null, 3_000_000);
        assertThrows(BadInputException.class, () -> ConfigResolver.resolve(Preset.CPU_SMALL, epochs, "tiny", 7, 0, 65, 1,
                (blockSize, batchSize) -> 1000));
    }

    @Test
    void resumingKeepsTheStoredConfigAndTakesNewEpochsAndSampleLength() {
        RunConfig stored = resolve(Preset.CPU_SMALL, layers(2));
        Overrides more = new Overrides(2, null, null, null, null, null, null, null, null, null, null, 5);
        RunConfig resumed = ConfigResolver.resume(stored, more, 0, 1);
        assertEquals(stored.model(), resumed.model());
        assertEquals(stored.optimizer(), resumed.optimizer());
        assertEquals(5, resumed.epochs());
        assertEquals(0, resumed.sampleLength());
    }

    @Test
    void resumingRefusesAnOverrideThatWouldChangeTheModel() {
        RunConfig stored = resolve(Preset.CPU_SMALL, layers(2));
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.resume(stored, layers(3), 0, 1));
        assertEquals("{layers} 3 differs from the run's 2: a resumed run keeps the model and optimizer it started with;"
                + " drop {layers}, or start a new run", e.template());
    }

    private static Overrides batch(int perWorker) {
        return new Overrides(null, null, null, null, null, perWorker, null, null, null, null, null, null);
    }

    @Test
    void theBatchSizeIsPerWorkerAndAStepTrainsOnEveryWorkersBatch() {
        RunConfig onTwo = ConfigResolver.resolve(Preset.CPU_SMALL, batch(8), "tiny", 7, 100, 65, 2, (blockSize, batchSize) -> 1600 / batchSize);
        assertEquals(16, onTwo.batchSize(), "2 workers x 8 windows");
        assertEquals(Preset.CPU_SMALL.epochs * 100, onTwo.optimizer().decaySteps(), "the schedule counts steps of 16 windows");
        RunConfig onOne = ConfigResolver.resolve(Preset.CPU_SMALL, batch(8), "tiny", 7, 100, 65, 1, (blockSize, batchSize) -> 1600 / batchSize);
        assertEquals(8, onOne.batchSize());
        RunConfig preset = ConfigResolver.resolve(Preset.CPU_SMALL, NONE, "tiny", 7, 100, 65, Preset.CPU_SMALL.workers, (blockSize, batchSize) -> 1);
        assertEquals(16, preset.batchSize(), "cpu-small: 2 workers x 8 windows");
    }

    @Test
    void aResumedRunKeepsItsStepBatchOnAnyNumberOfWorkers() {
        RunConfig stored = ConfigResolver.resolve(Preset.CPU_SMALL, batch(8), "tiny", 7, 100, 65, 2, (blockSize, batchSize) -> 10);
        assertEquals(16, ConfigResolver.resume(stored, NONE, 0, 1).batchSize(), "one worker takes the whole step");
        assertEquals(16, ConfigResolver.resume(stored, batch(8), 0, 2).batchSize(), "the starting command repeated");
        assertEquals(16, ConfigResolver.resume(stored, batch(16), 0, 1).batchSize());
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.resume(stored, batch(8), 0, 1));
        assertEquals("{batchSize} 8 on 1 worker makes a step of 8 windows, but the run's steps have 16: a resumed run keeps"
                + " the model and optimizer it started with; drop {batchSize}, or start a new run", e.template());
    }

    @Test
    void fineTuningTakesTheSourcesShapeAndItsOwnLearningRateUnlessGiven() {
        ModelConfig source = new ModelConfig(65, 2, 2, 16, 32, 0.0);
        Overrides tuned = ConfigResolver.fineTuning(source, NONE);
        assertEquals(new Overrides(2, 2, 16, 32, null, null, ConfigResolver.FINE_TUNING_LEARNING_RATE,
                ConfigResolver.FINE_TUNING_MIN_LEARNING_RATE, null, null, null, null, null, null, ScheduleShape.COSINE, null, 0.0,
                Activation.GELU, false, false), tuned);
        assertEquals(1e-3, ConfigResolver.fineTuning(source, learningRate(1e-3, null)).learningRate());
        assertNull(ConfigResolver.fineTuning(source, learningRate(1e-3, null)).minLearningRate(),
                "an own peak keeps the preset's floor rule");
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.fineTuning(source, layers(3)));
        assertEquals("{layers} cannot change under {initFrom}: the model's shape comes from the model it starts from;"
                + " drop {layers}", e.template());
    }

    private static Overrides activation(Activation activation) {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                activation);
    }

    @Test
    void theActivationIsThePresetsUnlessChosenAndAResumedRunKeepsIt() {
        assertEquals(Activation.RELU2, resolve(Preset.CPU_SMALL, NONE).model().activation(), "cpu-small, by the recipe table");
        assertEquals(Activation.RELU2, resolve(Preset.CPU_MEDIUM, NONE).model().activation(), "cpu-medium, by its one-hour run");
        assertEquals(Activation.GELU, resolve(Preset.GPU_BABY, NONE).model().activation());
        assertEquals(Activation.GELU, resolve(Preset.CPU_SMALL, activation(Activation.GELU)).model().activation());
        RunConfig relu2 = resolve(Preset.CPU_SMALL, activation(Activation.RELU2));
        assertEquals(new ModelConfig(65, 4, 4, 128, 64, 0.0, Activation.RELU2), relu2.model());
        assertTrue(relu2.describe().contains("x 128, relu2 MLP, block 64"), relu2.describe());
        assertFalse(resolve(Preset.GPU_BABY, NONE).describe().contains("MLP"), "a GELU run's start line is as before");

        assertEquals(relu2.model(), ConfigResolver.resume(relu2, NONE, 100, 2).model());
        assertEquals(relu2.model(), ConfigResolver.resume(relu2, activation(Activation.RELU2), 100, 2).model(),
                "repeating the run's own activation is fine");
        BadInputException toGelu = assertThrows(BadInputException.class,
                () -> ConfigResolver.resume(relu2, activation(Activation.GELU), 100, 2));
        assertEquals("{activation} gelu differs from the run's relu2: a resumed run keeps the model and optimizer it started"
                + " with; drop {activation}, or start a new run", toGelu.template());
        RunConfig gelu = resolve(Preset.CPU_SMALL, activation(Activation.GELU));
        assertThrows(BadInputException.class, () -> ConfigResolver.resume(gelu, activation(Activation.RELU2), 100, 2));
    }

    @Test
    void fineTuningTakesTheSourcesActivationAndRefusesAnother() {
        ModelConfig source = new ModelConfig(65, 2, 2, 16, 32, 0.0, Activation.RELU2);
        Overrides tuned = ConfigResolver.fineTuning(source, NONE);
        assertEquals(Activation.RELU2, tuned.activation());
        assertEquals(source, resolve(Preset.CPU_SMALL, tuned).model());
        OptimizerConfig recipe = resolve(Preset.CPU_SMALL, tuned).optimizer();
        assertEquals(ScheduleShape.COSINE, recipe.schedule(), "fine-tuning's measured recipe, not cpu-small's wsd");
        assertEquals(0.0, recipe.ema());
        assertEquals(ConfigResolver.FINE_TUNING_MIN_LEARNING_RATE, recipe.minLearningRate());
        OptimizerConfig chosen = resolve(Preset.CPU_SMALL, ConfigResolver.fineTuning(source, recipe(null, ScheduleShape.WSD, null, 0.9)))
                .optimizer();
        assertEquals(ScheduleShape.WSD, chosen.schedule());
        assertEquals(0.9, chosen.ema());
        BadInputException e = assertThrows(BadInputException.class,
                () -> ConfigResolver.fineTuning(source, activation(Activation.RELU2)));
        assertEquals("{activation} cannot change under {initFrom}: the model's activation comes from the model it starts from;"
                + " drop {activation}", e.template());
    }

    @Test
    void anActivationIsNamedOnTheCommandLineAsGeluOrRelu2() {
        assertEquals(Activation.RELU2, Activation.fromCliName("relu2"));
        assertEquals(Activation.GELU, Activation.fromCliName("gelu"));
        BadInputException e = assertThrows(BadInputException.class, () -> Activation.fromCliName("swiglu"));
        assertEquals("{activation} 'swiglu' is not an activation; choose gelu or relu2", e.template());
    }

    private static Overrides zeroInit(Boolean zeroInit) {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, zeroInit);
    }

    @Test
    void zeroInitIsOffUnlessChosenAndAResumedRunKeepsIt() {
        for (Preset preset : Preset.values()) {
            assertFalse(resolve(preset, NONE).model().zeroInit(), preset.cliName() + ": off until measured");
        }
        RunConfig zero = resolve(Preset.CPU_SMALL, zeroInit(true));
        assertEquals(new ModelConfig(65, 4, 4, 128, 64, 0.0, Activation.RELU2, true), zero.model());
        assertTrue(zero.describe().contains("x 128, relu2 MLP, zero-init, block 64"), zero.describe());
        assertFalse(resolve(Preset.CPU_SMALL, NONE).describe().contains("zero-init"), "a run without it starts as before");

        assertEquals(zero.model(), ConfigResolver.resume(zero, NONE, 100, 2).model(), "without the flag: the run's own");
        assertEquals(zero.model(), ConfigResolver.resume(zero, zeroInit(true), 100, 2).model(), "the starting command repeated");
        RunConfig plain = resolve(Preset.CPU_SMALL, NONE);
        BadInputException on = assertThrows(BadInputException.class, () -> ConfigResolver.resume(plain, zeroInit(true), 100, 2));
        assertEquals("{zeroInit} is on but the run started without it: a resumed run keeps the model and optimizer it started"
                + " with; drop {zeroInit}, or start a new run", on.template());
        BadInputException off = assertThrows(BadInputException.class, () -> ConfigResolver.resume(zero, zeroInit(false), 100, 2));
        assertTrue(off.template().startsWith("{zeroInit} is off but the run started with it"), off.template());
    }

    @Test
    void fineTuningTakesTheSourcesZeroInitAndRefusesTheFlag() {
        ModelConfig source = new ModelConfig(65, 2, 2, 16, 32, 0.0, Activation.GELU, true);
        Overrides tuned = ConfigResolver.fineTuning(source, NONE);
        assertEquals(Boolean.TRUE, tuned.zeroInit());
        assertEquals(source, resolve(Preset.CPU_SMALL, tuned).model());
        assertEquals(Boolean.FALSE, ConfigResolver.fineTuning(source.withZeroInit(false), NONE).zeroInit());
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.fineTuning(source, zeroInit(true)));
        assertEquals("{zeroInit} cannot change under {initFrom}: the model's weights come from the model it starts from;"
                + " drop {zeroInit}", e.template());
    }

    private static Overrides qkNorm(Boolean qkNorm) {
        return new Overrides(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, qkNorm);
    }

    @Test
    void qkNormIsOffUnlessChosenAndAResumedRunKeepsIt() {
        for (Preset preset : Preset.values()) {
            assertFalse(resolve(preset, NONE).model().qkNorm(), preset.cliName() + ": off until measured");
        }
        RunConfig normalised = resolve(Preset.CPU_SMALL, qkNorm(true));
        assertEquals(new ModelConfig(65, 4, 4, 128, 64, 0.0, Activation.RELU2, false, true), normalised.model());
        assertTrue(normalised.describe().contains("x 128, relu2 MLP, qk-norm, block 64"), normalised.describe());
        assertFalse(resolve(Preset.CPU_SMALL, NONE).describe().contains("qk-norm"));

        assertEquals(normalised.model(), ConfigResolver.resume(normalised, NONE, 100, 2).model());
        assertEquals(normalised.model(), ConfigResolver.resume(normalised, qkNorm(true), 100, 2).model());
        BadInputException on = assertThrows(BadInputException.class,
                () -> ConfigResolver.resume(resolve(Preset.CPU_SMALL, NONE), qkNorm(true), 100, 2));
        assertEquals("{qkNorm} is on but the run started without it: a resumed run keeps the model and optimizer it started"
                + " with; drop {qkNorm}, or start a new run", on.template());
    }

    @Test
    void fineTuningTakesTheSourcesQkNormAndRefusesTheFlag() {
        ModelConfig source = new ModelConfig(65, 2, 2, 16, 32, 0.0, Activation.GELU, false, true);
        Overrides tuned = ConfigResolver.fineTuning(source, NONE);
        assertEquals(Boolean.TRUE, tuned.qkNorm());
        assertEquals(source, resolve(Preset.CPU_SMALL, tuned).model());
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigResolver.fineTuning(source, qkNorm(true)));
        assertEquals("{qkNorm} cannot change under {initFrom}: the model's attention comes from the model it starts from;"
                + " drop {qkNorm}", e.template());
    }
}
