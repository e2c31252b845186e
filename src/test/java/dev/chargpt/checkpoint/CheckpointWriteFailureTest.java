package dev.chargpt.checkpoint;

import dev.chargpt.fixture.PlainWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A checkpoint that cannot be written is said in plain words, and says truly whether an earlier one
 * is left. The failures are fed in as the JDK throws them (a full disk cannot be had in a test
 * without mounting one): FileChannel.write on a full tmpfs threw exactly
 * {@code IOException("No space left on device")}.
 */
class CheckpointWriteFailureTest {

    @TempDir
    Path run;

    @Test
    void aFullDiskWithAnEarlierCheckpoint() throws IOException {
        Path latest = Files.writeString(run.resolve("latest.zip"), "the earlier checkpoint");

        String message = CheckpointFile.cannotWrite(latest, new IOException("No space left on device")).getMessage();

        assertEquals("could not write the checkpoint " + latest.toAbsolutePath() + ": no space left on device; the previous"
                + " checkpoint is intact: free space or fix permissions, then run again with resume", message);
        PlainWords.assertPlain(message);
    }

    @Test
    void aFullDiskWithNoEarlierCheckpointDoesNotPromiseOne() {
        Path latest = run.resolve("latest.zip");

        String message = CheckpointFile.cannotWrite(latest, new IOException("No space left on device")).getMessage();

        assertEquals("could not write the checkpoint " + latest.toAbsolutePath() + ": no space left on device; nothing"
                + " half-written is left behind: free space or fix permissions, then run again with resume", message);
    }

    @Test
    void noPermission() {
        Path latest = run.resolve("latest.zip");

        String message = CheckpointFile.cannotWrite(latest, new AccessDeniedException(run.resolve(".latest.zip.tmp").toString()))
                .getMessage();

        assertEquals("could not write the checkpoint " + latest.toAbsolutePath() + ": permission denied; nothing"
                + " half-written is left behind: free space or fix permissions, then run again with resume", message);
    }
}
