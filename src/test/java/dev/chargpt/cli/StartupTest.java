package dev.chargpt.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real entry point in its own JVM: System.exit carries the exit code, and help and usage
 * errors answer without loading ND4J (whose native start-up takes seconds).
 */
class StartupTest {

    private record Process(int exitCode, String output) {
        boolean loadedNd4j() {
            return output.lines().anyMatch(line -> line.contains("[class,load] org.nd4j."));
        }
    }

    private static Process java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not finish");
        return new Process(process.exitValue(), output);
    }

    @Test
    void helpExitsZeroWithoutLoadingNd4j() throws IOException, InterruptedException {
        Process help = java("--help");

        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("[class,load] " + Main.class.getName() + " "), "class loading is not logged");
        assertTrue(help.output().contains("usage: chargpt <command> [options]"), help.output());
        assertFalse(help.loadedNd4j(), "--help loaded ND4J classes");

        Process trainHelp = java("train", "--help");
        assertEquals(0, trainHelp.exitCode(), trainHelp.output());
        assertFalse(trainHelp.loadedNd4j(), "train --help loaded ND4J classes");
    }

    @Test
    void usageErrorsExitTwoWithoutLoadingNd4j() throws IOException, InterruptedException {
        Process badNumber = java("sample", "--model", ".", "--top-k", "x");
        assertEquals(2, badNumber.exitCode(), badNumber.output());
        assertTrue(badNumber.output().contains("chargpt: --top-k must be a positive integer, got 'x' (see chargpt sample --help)"),
                badNumber.output());
        assertFalse(badNumber.loadedNd4j(), "a usage error loaded ND4J classes");

        Process missingCorpus = java("train", "--corpus", "/no/such/file");
        assertEquals(2, missingCorpus.exitCode(), missingCorpus.output());
        assertFalse(missingCorpus.loadedNd4j(), "a missing corpus loaded ND4J classes");
    }

    @Test
    void infoLoadsNd4jAndExitsZero() throws IOException, InterruptedException {
        // also shows that loadedNd4j() can see ND4J being loaded
        Process info = java("info", "--data-dir", System.getProperty("java.io.tmpdir"));

        assertEquals(0, info.exitCode(), info.output());
        assertTrue(info.loadedNd4j(), info.output());
        assertTrue(info.output().contains("\nthreads          OpenMP threads "), info.output());
    }
}
