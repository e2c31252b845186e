package dev.chargpt.cli;

import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.fixture.CraftedCheckpoint;
import dev.chargpt.fixture.PlainWords;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failures of each command that get past its options end in one line in plain words: a damaged
 * checkpoint or a bad cached corpus with exit 2, a chart that cannot be written with exit 1; Java's
 * names for them are shown only with --verbose. The usage errors are {@link UsageErrorTest}'s, whose
 * assertUsageError (used here too) holds them to the same plain words.
 */
class PlainErrorLinesTest {

    @TempDir
    Path dir;

    /** A run directory whose best.zip is the golden checkpoint cut in half, as an interrupted copy leaves it. */
    private Path modelWithHalfACheckpoint() throws IOException {
        Path model = Files.createDirectories(dir.resolve("models").resolve("cut"));
        byte[] whole;
        try (InputStream in = PlainErrorLinesTest.class.getResourceAsStream(CraftedCheckpoint.GOLDEN)) {
            assertNotNull(in);
            whole = in.readAllBytes();
        }
        Files.write(model.resolve("best.zip"), Arrays.copyOf(whole, whole.length / 2));
        return model;
    }

    /** {@code name} run on {@code model}, writing only under {@code dir}. */
    private static List<String> command(String name, Path model, Path dir) throws IOException {
        return switch (name) {
            case "sample" -> List.of("sample", "--model", model.toString(), "--length", "5");
            case "eval" -> List.of("eval", "--model", model.toString(), "--data-dir", dir.resolve("data").toString());
            case "attention" -> List.of("attention", "--model", model.toString(), "--prompt", "the sea",
                    "--out", dir.resolve("attention.png").toString());
            case "train" -> List.of("train", "--init-from", model.toString(),
                    "--corpus", Files.writeString(dir.resolve("corpus.txt"), "the boy is in the sea\n".repeat(50)).toString(),
                    "--out", dir.resolve("fine-tuned").toString(), "--charts-dir", dir.resolve("charts").toString());
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample", "eval", "attention", "train"}) // chart reads no checkpoint
    void aCheckpointCutInHalfIsSaidToEndEarly(String name) throws IOException {
        Path model = modelWithHalfACheckpoint();

        CliRun run = CliRun.of(command(name, model, dir).toArray(String[]::new));

        UsageErrorTest.assertUsageError(run, "checkpoint " + model.resolve("best.zip").toAbsolutePath() + " is corrupt", "ends early");
    }

    @Test
    void verboseStillShowsJavasNamesForTheSameFailure() throws IOException {
        Path model = modelWithHalfACheckpoint();
        List<String> sample = command("sample", model, dir);
        String plain = UsageErrorTest.assertUsageError(CliRun.of(sample.toArray(String[]::new)));

        List<String> withVerbose = new ArrayList<>(sample);
        withVerbose.add("--verbose");
        CliRun verbose = CliRun.of(withVerbose.toArray(String[]::new));

        assertEquals(2, verbose.exitCode(), verbose::toString);
        assertEquals(plain, verbose.errLines().get(0), "--verbose adds to the line, it does not change it");
        assertTrue(verbose.err().contains("java.util.zip.ZipException"), verbose::toString);
    }

    @Test
    void aChartThatCannotBeWrittenIsUnexpectedAndPlainWords() throws IOException {
        Path run = Files.createDirectory(dir.resolve("run"));
        new LossHistory(new RunDirectory(run).history()).append(new LossRecord(1, 0, 4.2, 4.3, 1e-3, 1));
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        Path png = aFile.resolve("loss.png"); // under a file: no directory can be made there

        CliRun result = CliRun.of("chart", "--model", run.toString(), "--out", png.toString());

        assertEquals(1, result.exitCode(), result::toString);
        String line = result.singleErrorLine();
        assertTrue(line.startsWith("chargpt: cannot write chart " + png), line);
        PlainWords.assertPlain(line);
    }

    @Test
    void aDamagedCachedCorpusIsPlainWords() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("tinyshakespeare.txt"), "not the play\n", StandardCharsets.UTF_8);

        CliRun run = CliRun.of("train", "--corpus", "tiny", "--data-dir", data.toString(), "--out", dir.resolve("run").toString());

        UsageErrorTest.assertUsageError(run, "the cached tiny Shakespeare", "delete it and run again");
    }
}
