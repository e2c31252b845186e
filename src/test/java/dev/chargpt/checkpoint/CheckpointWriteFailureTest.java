package dev.chargpt.checkpoint;

import dev.chargpt.fixture.PlainWords;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A checkpoint that cannot be written is said in plain words. The failures are fed in as the JDK
 * throws them (a full disk cannot be had in a test without mounting one): FileChannel.write on a
 * full tmpfs threw exactly {@code IOException("No space left on device")}.
 */
class CheckpointWriteFailureTest {

    private static final Path LATEST = Path.of("/runs/r1/latest.zip");

    @Test
    void aFullDisk() {
        String message = CheckpointFile.cannotWrite(LATEST, new IOException("No space left on device")).getMessage();

        assertEquals("could not write the checkpoint /runs/r1/latest.zip: no space left on device; the previous checkpoint"
                + " is intact: free space or fix permissions, then run again with resume", message);
        PlainWords.assertPlain(message);
    }

    @Test
    void noPermission() {
        String message = CheckpointFile.cannotWrite(LATEST, new AccessDeniedException("/runs/r1/.latest.zip.tmp")).getMessage();

        assertEquals("could not write the checkpoint /runs/r1/latest.zip: permission denied; the previous checkpoint"
                + " is intact: free space or fix permissions, then run again with resume", message);
    }
}
