package dev.chargpt;

import dev.chargpt.fixture.PlainWords;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.zip.ZipException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneLineReasonTest {

    private static String reason(Throwable e) {
        return PlainWords.assertPlain(OneLineReason.of(e));
    }

    @Test
    void aFullDiskIsSaidInPlainWords() {
        // what FileChannel.write throws on a full disk (a real one, on a full tmpfs, gave exactly this)
        assertEquals("no space left on device", reason(new IOException("No space left on device")));
        assertEquals("no space left on device",
                reason(new FileSystemException("/runs/r1/latest.zip", null, "No space left on device")));
        assertEquals("disk quota exceeded", reason(new UncheckedIOException(new IOException("Disk quota exceeded"))));
    }

    @Test
    void theFileSystemsRefusalsAreSaidWithoutTheirClassNames() {
        assertEquals("permission denied", reason(new AccessDeniedException("/ro/loss.png")));
        assertEquals("no such file or directory", reason(new NoSuchFileException("/a/b")));
        // the file in the way is often not the one the caller names, so it is named
        assertEquals("/out/a-file already exists", reason(new FileAlreadyExistsException("/out/a-file")));
        assertEquals("/out/a-file is not a directory", reason(new NotDirectoryException("/out/a-file")));
        // what creating /out/a-file/run gives: the system names the path being made, not the file in the way
        assertEquals("a part of the path is a file, not a directory",
                reason(new FileSystemException("/out/a-file/run", null, "Not a directory")));
        assertEquals("it is not UTF-8 text", reason(new IOException(new MalformedInputException(1))));
    }

    @Test
    void aMessageOnSeveralLinesBecomesOne() {
        assertEquals("first second", reason(new IOException("first\n  second\n")));
    }

    @Test
    void looksIntoCausesWhenTheExceptionHasNoMessageOrOnlyJavasNames() {
        assertEquals("why", reason(new IOException(null, new RuntimeException("why"))));
        assertEquals("invalid entry size", reason(new IOException("java.util.zip.ZipException: invalid entry size",
                new ZipException("invalid entry size"))));
    }

    @Test
    void withNothingPlainToSayItPointsToVerbose() {
        IOException unknownHost = (IOException) new ConnectException().initCause(new UnresolvedAddressException());
        assertEquals("run with --verbose to see why", reason(unknownHost));
    }

    @Test
    void recognisesJavasWords() {
        assertTrue(OneLineReason.speaksJava("ConnectException: x"));
        assertTrue(OneLineReason.speaksJava("see org.nd4j.linalg"));
        assertTrue(OneLineReason.speaksJava("OutOfMemoryError"));
        assertFalse(OneLineReason.speaksJava("from https://www.gutenberg.org/cache/epub/100/pg100.txt"));
        assertFalse(OneLineReason.speaksJava("no space left on device"));
    }
}
