package dev.chargpt.cli;

import dev.chargpt.fixture.PlainWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Usage errors and bad input: exit code 2 and one line on stderr that names the problem and the fix. */
class UsageErrorTest {

    @TempDir
    Path dir;

    /** A usage error: exit 2, one stderr line starting "chargpt: ", containing every fragment, in plain words, no stack trace. */
    static String assertUsageError(CliRun run, String... fragments) {
        return assertUsageErrorQuoting(new String[0], run, fragments);
    }

    /**
     * As {@link #assertUsageError}, and the line is in plain words (no Java class names) apart from
     * {@code quotedFromInput}, parts of the user's own input it quotes.
     */
    static String assertUsageErrorQuoting(String[] quotedFromInput, CliRun run, String... fragments) {
        assertEquals(2, run.exitCode(), run::toString);
        String line = run.singleErrorLine();
        assertTrue(line.startsWith("chargpt: "), line);
        for (String fragment : fragments) {
            assertTrue(line.contains(fragment), "'" + fragment + "' not in: " + line);
        }
        PlainWords.assertPlain(line, quotedFromInput);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertEquals("", run.out(), run::toString);
        return line;
    }

    @Test
    void unknownCommand() {
        assertUsageError(CliRun.of("frobnicate"), "unknown command 'frobnicate'", "train, sample, eval, chart, attention, info",
                "(see chargpt --help)");
    }

    @Test
    void misspeltCommandGetsASuggestion() {
        assertUsageError(CliRun.of("trian"), "did you mean train?");
    }

    @Test
    void optionBeforeTheCommand() {
        assertUsageError(CliRun.of("--epochs", "3"), "'--epochs' is not a command", "chargpt <command> [options]");
    }

    @Test
    void unknownOption() {
        assertUsageError(CliRun.of("train", "--epoch", "3"), "unknown option '--epoch'", "(see chargpt train --help)");
    }

    @Test
    void noPartialMatching() {
        // --top could be --top-k or --top-p; an abbreviation is refused rather than guessed
        assertUsageError(CliRun.of("sample", "--model", dir.toString(), "--top", "3"), "unknown option '--top'");
    }

    @Test
    void missingRequiredOption() {
        assertUsageError(CliRun.of("sample", "--length", "10"), "chargpt sample needs --model DIR",
                "(see chargpt sample --help)");
    }

    @Test
    void missingValue() {
        assertUsageError(CliRun.of("train", "--epochs"), "--epochs N needs a value");
    }

    @Test
    void strayArgument() {
        assertUsageError(CliRun.of("train", "--epochs", "2", "extra"), "unexpected argument 'extra'");
    }

    @Test
    void repeatedOption() {
        assertUsageError(CliRun.of("train", "--epochs", "2", "--epochs", "3"), "--epochs is given more than once");
    }

    @Test
    void promptAndPromptFileExcludeEachOther() throws IOException {
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "ROMEO:");
        assertUsageError(CliRun.of("sample", "--model", dir.toString(), "--prompt", "x", "--prompt-file", prompt.toString()),
                "--prompt-file cannot be used together with --prompt");
    }

    @ParameterizedTest(name = "sample {0} {1}")
    @CsvSource({
            "--top-k, x, --top-k must be a positive integer, got 'x'",
            "--top-k, 0, --top-k must be a positive integer, got '0'",
            "--top-p, 0, --top-p must be a number in (0, 1], got '0'",
            "--top-p, 1.5, --top-p must be a number in (0, 1]",
            "--top-p, NaN, --top-p must be a number in (0, 1]",
            "--temperature, -0.1, --temperature must be a number >= 0, got '-0.1'",
            "--temperature, warm, --temperature must be a number >= 0, got 'warm'",
            "--length, 0, --length must be a positive integer",
            "--length, 99999999999, --length must be a positive integer",
            "--num-samples, two, --num-samples must be a positive integer",
            "--seed, 1.5, --seed must be an integer, got '1.5'",
            "--checkpoint, newest, --checkpoint must be best or latest, got 'newest'"})
    void badSampleValuesNameTheFlag(String flag, String value, String message) {
        String line = assertUsageError(CliRun.of("sample", "--model", dir.toString(), flag, value), message);
        assertTrue(line.endsWith("(see chargpt sample --help)"), line);
    }

    @ParameterizedTest(name = "train {0} {1}")
    @CsvSource({
            "--epochs, 0, --epochs must be a positive integer",
            "--max-steps, -5, --max-steps must be a positive integer",
            "--layers, four, --layers must be a positive integer, got 'four'",
            "--width, 12.5, --width must be a positive integer",
            "--dropout, 1, '--dropout must be a number in [0, 1)'",
            "--learning-rate, 0, '--learning-rate must be a number in (0, 1)'",
            "--warmup-steps, -1, --warmup-steps must be an integer >= 0",
            "--grad-clip, -1, --grad-clip must be a number >= 0",
            "--sample-length, -1, --sample-length must be an integer >= 0",
            "--heads, 3, --heads (3) must divide --width (128)",
            "--min-learning-rate, 0.5, '--min-learning-rate (0.5) must not exceed --learning-rate (0.003, the preset''s)'",
            "--preset, huge, unknown --preset 'huge'; choose one of cpu-small, cpu-medium, gpu-baby",
            "--activation, swiglu, --activation 'swiglu' is not an activation; choose gelu or relu2"})
    void badTrainValuesNameTheFlag(String flag, String value, String message) throws IOException {
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), "to be or not to be\n");
        assertUsageError(CliRun.of("train", "--corpus", corpus.toString(), flag, value), message,
                "(see chargpt train --help)");
    }

    @Test
    void trainWithAMissingCorpusFileNamesTheFile() {
        assertUsageError(CliRun.of("train", "--corpus", "/no/such/file"),
                "corpus file not found: /no/such/file", "pass tiny, complete or the path of an existing UTF-8 text file");
    }

    @Test
    void trainWithACorpusDirectoryOrEmptyFile() throws IOException {
        assertUsageError(CliRun.of("train", "--corpus", dir.toString()), "is a directory", dir.toString());
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        assertUsageError(CliRun.of("train", "--corpus", empty.toString()), "corpus file is empty", empty.toString());
    }

    @Test
    void resumeNeedsOut() {
        assertUsageError(CliRun.of("train", "--resume"), "--resume needs --out DIR");
    }

    @Test
    void resumeNeedsAnExistingRun() {
        Path missing = dir.resolve("no-run");
        assertUsageError(CliRun.of("train", "--resume", "--out", missing.toString()), missing.toString(),
                "does not exist, so there is no run to resume");
    }

    @Test
    void modelDirectoryMustExist() {
        Path missing = dir.resolve("models/nope");
        for (String command : new String[] {"sample", "eval", "chart"}) {
            assertUsageError(CliRun.of(command, "--model", missing.toString()), "--model " + missing, "does not exist",
                    "(see chargpt " + command + " --help)");
        }
    }

    @Test
    void evalTextMustBeAFile() {
        Path missing = dir.resolve("act5.txt");
        assertUsageError(CliRun.of("eval", "--model", dir.toString(), "--text", missing.toString()),
                "--text file not found: " + missing);
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("train", "--corpus", "/no/such/file", "--verbose");

        assertEquals(2, run.exitCode());
        assertTrue(run.errLines().get(0).startsWith("chargpt: corpus file not found: /no/such/file"), run::toString);
        assertTrue(run.err().contains("dev.chargpt.BadInputException"), run::toString);
        assertTrue(run.err().contains("\tat dev.chargpt."), run::toString);
    }

    @org.junit.jupiter.api.Test
    void initFromKeepsTheShapeAndStartsANewRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertUsageError(CliRun.of("train", "--init-from", dir.toString(), "--layers", "3"),
                "--layers cannot change under --init-from", "drop --layers");
        assertUsageError(CliRun.of("train", "--init-from", dir.toString(), "--zero-init"),
                "--zero-init cannot change under --init-from: the model's weights come from the model it starts from", "drop --zero-init");
        assertUsageError(CliRun.of("train", "--init-from", dir.toString(), "--qk-norm"),
                "--qk-norm cannot change under --init-from: the model's attention comes from the model it starts from", "drop --qk-norm");
        assertUsageError(CliRun.of("train", "--init-from", dir.toString(), "--resume", "--out", dir.toString()),
                "--init-from starts a new run and --resume continues one");
    }
}
