package dev.chargpt.cli;

import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.eval.EvalSettings;
import dev.chargpt.sample.SampleSettings;
import dev.chargpt.sample.UnknownCharacters;
import dev.chargpt.train.TrainSettings;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each command hands to the code that runs it: the settings records, with defaults and overrides. */
class SettingsMappingTest {

    @TempDir
    Path dir;

    private static TrainSettings train(String... args) throws ParseException {
        Command.Invocation invocation = Main.bind(new TrainCommand(), args);
        assertTrue(invocation.usesNd4j());
        return ((TrainCommand.Run) invocation).settings();
    }

    private static SampleSettings sample(String... args) throws ParseException {
        return ((SampleCommand.Run) Main.bind(new SampleCommand(), args)).settings();
    }

    private static EvalSettings eval(String... args) throws ParseException {
        return ((EvalCommand.Run) Main.bind(new EvalCommand(), args)).settings();
    }

    @Test
    void trainWithNoOptionsIsTheDefaultRun() throws ParseException {
        assertEquals(TrainSettings.defaults(), train());
    }

    @Test
    void trainOptionsOverrideTheirFieldsOnly() throws ParseException, IOException {
        Path corpus = Files.writeString(dir.resolve("notes.txt"), "some text of my own\n");
        TrainSettings settings = train("--corpus", corpus.toString(), "--preset", "gpu-baby", "--out", "models/x",
                "--epochs", "3", "--max-steps", "5000000000", "--seed", "-7", "--sample-length", "0", "--eval-every", "250", "--workers", "3",
                "--layers", "2", "--heads", "2", "--width", "64", "--block-size", "32", "--dropout", "0.1",
                "--batch-size", "8", "--learning-rate", "3e-4", "--min-learning-rate", "3e-5", "--warmup-steps", "0",
                "--weight-decay", "0.1", "--grad-clip", "1", "--data-dir", "d", "--models-dir", "m", "--charts-dir", "c");

        assertEquals(new TrainSettings(corpus.toString(), Preset.GPU_BABY,
                new Overrides(2, 2, 64, 32, 0.1, 8, 3e-4, 3e-5, 0, 0.1, 1.0, 3),
                5_000_000_000L, -7L, false, Path.of("models/x"), 0, 250, 3, Path.of("d"), Path.of("m"), Path.of("c")), settings);
    }

    @Test
    void aLearningRateBelowThePresetsFloorIsAccepted() throws ParseException {
        // the run lowers the preset's --min-learning-rate (1e-4) to a smaller --learning-rate
        TrainSettings settings = train("--learning-rate", "5e-5");

        assertEquals(5e-5, settings.overrides().learningRate());
        assertNull(settings.overrides().minLearningRate());
    }

    @Test
    void resumeKeepsTheRunDirectory() throws ParseException, IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        TrainSettings settings = train("--resume", "--out", run.toString());

        assertTrue(settings.resume());
        assertEquals(run, settings.out());
        assertEquals(Overrides.none(), settings.overrides());
    }

    @Test
    void zeroInitAndQkNormAreOnOffFlagsThatLeaveTheChoiceToThePresetWhenAbsent() throws ParseException {
        assertNull(train().overrides().zeroInit(), "absent: the preset's (or, resumed, the run's)");
        assertEquals(Boolean.TRUE, train("--zero-init").overrides().zeroInit());
        assertNull(train().overrides().qkNorm());
        assertEquals(Boolean.TRUE, train("--qk-norm").overrides().qkNorm());
        assertNull(train("--qk-norm").overrides().zeroInit(), "each flag sets its own field");
    }

    @Test
    void namedCorporaAreNotFetchedWhileParsing() throws ParseException, IOException {
        // "complete" is not in this empty data directory: parsing must not download it (the run does)
        assertEquals("complete", train("--corpus", "complete", "--data-dir", dir.toString()).corpus());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void sampleDefaults() throws ParseException {
        assertEquals(new SampleSettings(dir, "best", null, null, 500, 0.8, null, null, null, 1, UnknownCharacters.REJECT, ContextPolicy.SHIFT),
                sample("--model", dir.toString()));
    }

    @Test
    void sampleOptions() throws ParseException, IOException {
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "JULIET:");
        assertEquals(new SampleSettings(dir, "latest", null, prompt, 80, 0.0, 5, 0.9, 42L, 3, UnknownCharacters.DROP, ContextPolicy.EXACT),
                sample("--model", dir.toString(), "--checkpoint", "latest", "--prompt-file", prompt.toString(),
                        "--length", "80", "--temperature", "0", "--top-k", "5", "--top-p", "0.9", "--seed", "42",
                        "--num-samples", "3", "--drop-unknown", "--context", "exact"));
        SampleSettings withPrompt = sample("--model", dir.toString(), "--prompt", "ROMEO: é");
        assertEquals("ROMEO: é", withPrompt.prompt());
        assertEquals(UnknownCharacters.REJECT, withPrompt.unknownCharacters());
    }

    @Test
    void evalOptions() throws ParseException, IOException {
        assertEquals(new EvalSettings(dir, "best", null, Path.of("data")), eval("--model", dir.toString()));
        Path text = Files.writeString(dir.resolve("act5.txt"), "Exeunt.\n");
        assertEquals(new EvalSettings(dir, "latest", text, Path.of("elsewhere")),
                eval("--model", dir.toString(), "--checkpoint", "latest", "--text", text.toString(), "--data-dir", "elsewhere"));
    }

    @Test
    void chartNeedsNoNd4j() throws ParseException {
        assertFalse(Main.bind(new ChartCommand(), new String[] {"--model", dir.toString()}).usesNd4j());
    }
}
