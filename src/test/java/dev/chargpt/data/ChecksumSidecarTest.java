package dev.chargpt.data;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumSidecarTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    @Test
    void isWrittenInSha256sumFormatBesideTheFileAndReadBack() throws IOException {
        ChecksumSidecar sidecar = ChecksumSidecar.of(tmp.resolve("corpus.txt"));

        sidecar.write(SHA);

        assertEquals(tmp.resolve("corpus.txt.sha256"), sidecar.path());
        assertEquals(SHA + "  corpus.txt\n", Files.readString(sidecar.path()));
        assertEquals(Optional.of(SHA), sidecar.read());
    }

    @Test
    void writeReplacesTheRecordAndLeavesNoTemporaryFile() throws IOException {
        ChecksumSidecar sidecar = ChecksumSidecar.of(tmp.resolve("corpus.txt"));
        sidecar.write("f".repeat(64));

        sidecar.write(SHA);

        assertEquals(Optional.of(SHA), sidecar.read());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("corpus.txt.sha256"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void missingRecordIsEmpty() throws IOException {
        assertEquals(Optional.empty(), ChecksumSidecar.of(tmp.resolve("corpus.txt")).read());
    }

    @Test
    void acceptsWhatSha256sumWritesAndABareChecksum() throws IOException {
        ChecksumSidecar sidecar = ChecksumSidecar.of(tmp.resolve("corpus.txt"));
        for (String content : List.of(SHA.toUpperCase() + " *corpus.txt\n", SHA, SHA + "\r\n")) {
            Files.writeString(sidecar.path(), content);
            assertEquals(Optional.of(SHA), sidecar.read(), content);
        }
    }

    @Test
    void damagedRecordSaysHowToRecover() throws IOException {
        ChecksumSidecar sidecar = ChecksumSidecar.of(tmp.resolve("corpus.txt"));
        for (String content : List.of("", "not a checksum\n", SHA.substring(1) + "  corpus.txt\n", SHA + "\n" + SHA + "\n")) {
            Files.writeString(sidecar.path(), content);

            BadInputException e = assertThrows(BadInputException.class, sidecar::read, content);

            assertTrue(e.getMessage().startsWith("the checksum file " + sidecar.path().toAbsolutePath() + " is damaged"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; delete it and run again to have " + tmp.resolve("corpus.txt").toAbsolutePath()
                    + " checked again"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
