package dev.chargpt.data;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusTextTest {

    @TempDir
    Path tmp;

    @Test
    void readsUtf8IncludingCharactersOutsideTheBasicPlane() throws IOException {
        String text = "Café naïve 日本語 🎭 end\n";
        Path file = Files.writeString(tmp.resolve("u.txt"), text);
        assertEquals(text, CorpusText.read(file));
    }

    @Test
    void dropsALeadingByteOrderMarkOnly() throws IOException {
        Path file = Files.writeString(tmp.resolve("bom.txt"), "\uFEFFa\uFEFFb");
        assertEquals("a\uFEFFb", CorpusText.read(file));
    }

    @Test
    void invalidUtf8NamesTheFileTheByteOffsetAndTheLine() throws IOException {
        byte[] good = "first line\nsecond é line\nthird ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 3];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xE9; // Latin-1 'é', not UTF-8
        bytes[good.length + 1] = 'x';
        bytes[good.length + 2] = '\n';
        Path file = Files.write(tmp.resolve("latin1.txt"), bytes);

        BadInputException e = assertThrows(BadInputException.class, () -> CorpusText.read(file));

        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + " is not valid UTF-8: byte 0xE9 at byte offset "
                + good.length + " (line 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("re-save the file as UTF-8"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void truncatedMultiByteSequenceAtTheEndIsInvalid() throws IOException {
        byte[] snowman = "☃".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(tmp.resolve("cut.txt"), new byte[]{'a', snowman[0], snowman[1]});
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusText.read(file));
        assertTrue(e.getMessage().contains("byte 0xE2 at byte offset 1 (line 1)"), e.getMessage());
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        Path file = Files.createFile(tmp.resolve("empty.txt"));
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusText.read(file));
        assertEquals("corpus file is empty: " + file.toAbsolutePath() + "; pass a file that contains text", e.getMessage());
    }

    @Test
    void fileWithOnlyAByteOrderMarkIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("bom-only.txt"), "\uFEFF");
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusText.read(file));
        assertTrue(e.getMessage().startsWith("corpus file has no text"), e.getMessage());
    }

    @Test
    void missingFileIsRefused() {
        Path file = tmp.resolve("missing.txt");
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusText.read(file));
        assertEquals("corpus file not found: " + file.toAbsolutePath() + "; check the path", e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusText.read(tmp));
        assertTrue(e.getMessage().startsWith("corpus path is a directory, not a file: " + tmp.toAbsolutePath()), e.getMessage());
    }

    @Test
    void tinyShakespeareIsReadAsIs() {
        String text = CorpusText.forCorpus("tiny", SharedCorpora.tiny());
        assertEquals(1_115_394, text.length());
        assertTrue(text.startsWith("First Citizen:\nBefore we proceed any further, hear me speak."));
    }

    @Test
    void completeWorksAreStrippedOfGutenbergMatter() {
        String text = CorpusText.forCorpus("complete", SharedCorpora.complete());
        assertTrue(text.startsWith("1609\n\nTHE SONNETS\n"), text.substring(0, 40));
        assertFalse(text.contains("\r"));
    }

    @Test
    void aUsersOwnFileIsNeverStripped() throws IOException {
        Path file = Files.writeString(tmp.resolve("complete"), "*** START OF THE PROJECT GUTENBERG EBOOK X ***\n");
        assertEquals("*** START OF THE PROJECT GUTENBERG EBOOK X ***\n", CorpusText.forCorpus(file.toString(), file));
    }
}
