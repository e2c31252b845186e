package dev.chargpt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {

    @TempDir
    Path dataDir;

    private static Path sharedTiny() {
        Path tiny = Path.of(System.getProperty("chargpt.sharedData", "../shared/data")).resolve("tinyshakespeare.txt");
        assertTrue(Files.isRegularFile(tiny), "test corpus not found: " + tiny.toAbsolutePath());
        return tiny;
    }

    @Test
    void reportsVersionJavaBackendThreadsAndCorpusCache() throws IOException {
        Files.copy(sharedTiny(), dataDir.resolve("tinyshakespeare.txt"));

        CliRun run = CliRun.of("info", "--data-dir", dataDir.toString());

        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.startsWith("chargpt          " + ChargptVersion.text() + "\n"), out);
        assertTrue(out.contains("\njava             " + System.getProperty("java.version") + " ("), out);
        assertTrue(out.contains(" cores\n"), out);
        assertTrue(out.lines().anyMatch(line -> line.startsWith("device           backend: ")
                && line.contains(Nd4j.getBackend().getClass().getSimpleName())), out);
        // surefire sets both variables to 1, as the launcher does when they are unset
        assertTrue(out.contains("\nthreads          OpenMP threads 1, BLAS threads 1\n"), out);
        assertTrue(out.contains("OMP_NUM_THREADS=1: from the environment"), out);
        assertTrue(out.contains("OPENBLAS_NUM_THREADS=1: from the environment"), out);
        assertTrue(out.contains("corpus tiny      present, verified: " + dataDir.resolve("tinyshakespeare.txt").toAbsolutePath()
                + " (1.1 MB; sha256 matches the pinned checksum)"), out);
        assertTrue(out.contains("corpus complete  absent: " + dataDir.resolve("shakespeare_complete.txt").toAbsolutePath()
                + " (downloaded from https://www.gutenberg.org/cache/epub/100/pg100.txt on first use)"), out);
        try (var files = Files.list(dataDir)) {
            assertEquals(1, files.count(), "info must not download or write anything");
        }
    }

    @Test
    void aDamagedCachedCorpusIsReportedNotRepaired() throws IOException {
        Path tiny = Files.writeString(dataDir.resolve("tinyshakespeare.txt"), "First Citizen:\nhalf a download");

        CliRun run = CliRun.of("info", "--data-dir", dataDir.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("corpus tiny      present but unusable: " + tiny.toAbsolutePath()
                + " is corrupt or a different version"), run::toString);
        assertEquals("First Citizen:\nhalf a download", Files.readString(tiny));
    }
}
