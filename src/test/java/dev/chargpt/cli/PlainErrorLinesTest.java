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
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failures of each command that get past its options end in one line in plain words: a damaged
 * checkpoint or a bad cached corpus with exit 2, a chart that cannot be written with exit 1; Java's
 * names for them are shown only with --verbose. The usage errors are {@link UsageErrorTest}'s, held to the same plain words there.
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

    private static String[] command(String name, Path model, Path dir) {
        return switch (name) {
            case "sample" -> new String[] {"sample", "--model", model.toString(), "--length", "5"};
            case "eval" -> new String[] {"eval", "--model", model.toString(), "--data-dir", dir.resolve("data").toString()};
            case "attention" -> new String[] {"attention", "--model", model.toString(), "--prompt", "the sea",
                    "--out", dir.resolve("attention.png").toString()};
            case "train" -> new String[] {"train", "--init-from", model.toString(), "--corpus", corpus(dir).toString(),
                    "--out", dir.resolve("fine-tuned").toString(), "--charts-dir", dir.resolve("charts").toString()};
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Path corpus(Path dir) {
        try {
            return Files.writeString(dir.resolve("corpus.txt"), "the boy is in the sea\n".repeat(50));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Exit 2, one line in plain words that holds every fragment. */
    private static String assertPlainBadInput(CliRun run, String... fragments) {
        assertEquals(2, run.exitCode(), run::toString);
        String line = run.singleErrorLine();
        assertTrue(line.startsWith("chargpt: "), line);
        for (String fragment : fragments) {
            assertTrue(line.contains(fragment), () -> "'" + fragment + "' not in: " + line);
        }
        PlainWords.assertPlain(line);
        return line;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sample", "eval", "attention", "train"}) // chart reads no checkpoint
    void aCheckpointCutInHalfIsSaidToEndEarly(String name) throws IOException {
        Path model = modelWithHalfACheckpoint();

        CliRun run = CliRun.of(command(name, model, dir));

        assertPlainBadInput(run, "checkpoint " + model.resolve("best.zip").toAbsolutePath() + " is corrupt", "ends early");
    }

    @Test
    void verboseStillShowsJavasNamesForTheSameFailure() throws IOException {
        Path model = modelWithHalfACheckpoint();
        String plain = assertPlainBadInput(CliRun.of(command("sample", model, dir)));

        CliRun verbose = CliRun.of(command("sample", model, dir + "/v", "--verbose"));

        assertEquals(2, verbose.exitCode(), verbose::toString);
        assertEquals(plain, verbose.errLines().get(0), "--verbose adds to the line, it does not change it");
        assertTrue(verbose.err().contains("java.util.zip.ZipException"), verbose::toString);
    }

    private static String[] command(String name, Path model, String dir, String extra) {
        List<String> args = new java.util.ArrayList<>(List.of(command(name, model, Path.of(dir))));
        args.add(extra);
        return args.toArray(String[]::new);
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

        assertPlainBadInput(run, "the cached tiny Shakespeare", "delete it and run again");
    }
}
