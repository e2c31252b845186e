package dev.chargpt.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDirectoryTest {

    @Test
    void aNewRunIsNamedByCorpusPresetAndStartTime() {
        LocalDateTime started = LocalDateTime.of(2026, 11, 30, 21, 5, 9);
        assertEquals(Path.of("models", "tiny-cpu-small-20261130-210509"),
                RunDirectory.newRun(Path.of("models"), "tiny", "cpu-small", started).path());
        assertEquals(Path.of("m", "my_notes-gpu-baby-20261130-210509"),
                RunDirectory.newRun(Path.of("m"), "/home/me/my notes.txt", "gpu-baby", started).path());
    }

    @Test
    void everyFileOfARunIsInsideItAndTheChartIsFiledUnderItsName() {
        RunDirectory run = new RunDirectory(Path.of("models", "my-run"));
        assertEquals(Path.of("models", "my-run", "latest.zip"), run.latest());
        assertEquals(Path.of("models", "my-run", "best.zip"), run.best());
        assertEquals(Path.of("models", "my-run", "history.jsonl"), run.history());
        assertEquals(Path.of("charts", "my-run", "loss.png"), run.chartIn(Path.of("charts")));
        assertEquals(run.latest(), run.checkpoint("latest"));
        assertEquals(run.best(), run.checkpoint("best"));
    }

    @Test
    void theChartTitleNamesPresetAndCorpusOnceACheckpointSaysThem(@TempDir Path dir) throws IOException {
        RunDirectory run = new RunDirectory(Files.createDirectory(dir.resolve("my-run")));
        assertFalse(run.holdsRun());
        assertEquals("chargpt my-run", run.chartTitle());

        try (InputStream golden = getClass().getResourceAsStream("/golden/format1-width8.zip")) {
            Files.copy(golden, run.latest());
        }
        assertTrue(run.holdsRun());
        assertEquals("chargpt my-run: cpu-small on target/golden-corpus.txt", run.chartTitle());
    }
}
