package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a checkpoint or run directory can be wrong gives one clear line and overwrites nothing. */
class CheckpointFailureTest {
    @TempDir
    Path work;
    Path corpus;
    Path run;

    @BeforeEach
    void trainBriefly() throws Exception {
        corpus = SmallRuns.corpus(work);
        run = work.resolve("run");
        SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 5L, false));
    }

    @Test
    void truncatedCheckpointIsReportedAndLeftAlone() throws Exception {
        Path latest = new RunDirectory(run).latest();
        byte[] whole = Files.readAllBytes(latest);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        Files.write(latest, truncated);
        BadInputException e = assertThrows(BadInputException.class,
                () -> SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, true)));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(truncated, Files.readAllBytes(latest), "a failed resume must not touch the checkpoint");
    }

    @Test
    void flippedByteIsCaught() throws Exception {
        Path latest = new RunDirectory(run).latest();
        byte[] bytes = Files.readAllBytes(latest);
        bytes[bytes.length / 3] ^= 0x5A;
        Files.write(latest, bytes);
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointFile.read(latest));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void otherFormatVersionIsRefused() throws Exception {
        Path latest = new RunDirectory(run).latest();
        Path rewritten = work.resolve("other.zip");
        try (var in = new java.util.zip.ZipFile(latest.toFile());
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(rewritten))) {
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("format.properties")) {
                    content = "formatVersion=99\n".getBytes(StandardCharsets.UTF_8);
                }
                out.write(content);
                out.closeEntry();
            }
        }
        BadInputException e = assertThrows(BadInputException.class, () -> CheckpointFile.read(rewritten));
        assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    }

    @Test
    void changedCorpusVocabularyIsRefused() throws Exception {
        Files.writeString(corpus, Files.readString(corpus) + "\u00e9\u00e8", StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(new RunDirectory(run).latest());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, true)));
        assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(new RunDirectory(run).latest()));
    }

    @Test
    void secondTrainingOnTheSameDirectoryIsLockedOut() {
        try (RunDirectory first = new RunDirectory(run).openForTraining()) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, true)));
            assertTrue(e.getMessage().contains("another chargpt train is running"), e.getMessage());
        }
    }

    @Test
    void startingOverAnExistingRunIsRefused() throws Exception {
        byte[] before = Files.readAllBytes(new RunDirectory(run).latest());
        BadInputException e = assertThrows(BadInputException.class,
                () -> SmallRuns.train(SmallRuns.settings(corpus, run, work, 1, 10L, false)));
        assertTrue(e.getMessage().contains("continue it with resume"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(new RunDirectory(run).latest()));
    }

    @Test
    void unwritableOutIsReported() throws Exception {
        Path file = work.resolve("a-file");
        Files.writeString(file, "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SmallRuns.train(SmallRuns.settings(corpus, file.resolve("run"), work, 1, 5L, false)));
        assertTrue(e.getMessage().contains("writable runDirectory"), e.getMessage());
    }

    @Test
    void bestAndLatestBothExistAndLoad() {
        assertTrue(Files.isRegularFile(new RunDirectory(run).best()));
        CheckpointFile.read(new RunDirectory(run).best());
        assertTrue(Files.isRegularFile(work.resolve("charts").resolve("run").resolve("loss.png")));
    }
}
