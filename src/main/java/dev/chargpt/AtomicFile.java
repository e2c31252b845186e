package dev.chargpt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file's whole content so that a crash, a kill or a full disk at any moment leaves
 * either the old file or the new one, never a mixture: the bytes go to a temporary sibling, are
 * forced to disk, and the sibling is renamed over the target. Checkpoints and the loss history
 * both rely on it.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** @throws IOException if writing fails; {@code target} is then unchanged and no temporary file is left */
    public static void replace(Path target, byte[] content) throws IOException {
        // Unique sibling: same file system (so the rename is atomic) and no clash with a leftover
        // temp file of an earlier crash. Opened with default permissions, unlike createTempFile's
        // owner-only ones, so the file stays as readable as it was.
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(channel, content);
                // Without this, a power cut soon after the rename can leave an empty file on
                // file systems that reorder data and metadata writes.
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // only a stray hidden temp file is left; the target itself is intact
            }
        }
    }

    public static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
