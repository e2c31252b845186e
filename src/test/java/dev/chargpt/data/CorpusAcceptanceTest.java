package dev.chargpt.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusAcceptanceTest {

    private static final String PREFIX = "is not a plausible edition of Project Gutenberg eBook #100: ";

    @TempDir
    Path tmp;

    @Test
    void pinnedChecksumAcceptsOnlyItsFile() throws IOException {
        Path file = write(SyntheticEdition.file());
        String sha256 = Sha256.ofFile(file);
        CorpusAcceptance pinned = new CorpusAcceptance.PinnedChecksum(sha256);
        String other = "0".repeat(64);

        assertEquals(Optional.empty(), pinned.rejection(file, sha256));
        assertEquals(Optional.of("is corrupt or a different version: sha256 " + other + ", expected " + sha256),
                pinned.rejection(file, other));
        assertEquals("sha256 " + sha256, pinned.requirement());
    }

    @Test
    void newEditionIsPlausible() throws IOException {
        Path file = write(SyntheticEdition.file());
        assertEquals(Optional.empty(), SyntheticEdition.POLICY.rejection(file, Sha256.ofFile(file)));
    }

    @Test
    void knownEditionIsAcceptedByItsChecksumAlone() throws IOException {
        String known = "ab".repeat(32);
        CorpusAcceptance edition = new CorpusAcceptance.GutenbergEdition(100, Set.of(known), 50_000, 500_000, 50_000, List.of());

        // The file is not even there: a known checksum does not need the text checked.
        assertEquals(Optional.empty(), edition.rejection(tmp.resolve("absent.txt"), known));
    }

    @Test
    void fileOutsideTheSizeRangeIsRefusedBeforeItIsRead() throws IOException {
        Path small = write("<html><body>503 Service Unavailable</body></html>\n".getBytes(StandardCharsets.UTF_8));
        assertRejected(small, "its size is 50 bytes, outside the expected 0.1 MB to 0.5 MB");

        Path large = write(new byte[600_000]); // zeros: would fail every later check, so the size is what refused it
        assertRejected(large, "its size is 600,000 bytes, outside the expected 0.1 MB to 0.5 MB");
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        byte[] bytes = SyntheticEdition.file();
        int byteOffset = indexOf(bytes, "Line 7 ".getBytes(StandardCharsets.UTF_8)) + 3;
        assertTrue(byteOffset > 3);
        bytes[byteOffset] = (byte) 0xE9; // Latin-1 'é' in the middle of the body

        assertRejected(write(bytes), "byte 0xE9 at byte offset " + byteOffset + " is not valid UTF-8");
    }

    @Test
    void textWithoutGutenbergMarkersIsRefused() throws IOException {
        byte[] plain = new String(SyntheticEdition.file(), StandardCharsets.UTF_8)
                .replace("*** START OF THE PROJECT GUTENBERG EBOOK", "START")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(write(plain), "no '*** START OF THE PROJECT GUTENBERG EBOOK ... ***' line found, so this is not a Project Gutenberg eBook");
    }

    @Test
    void truncatedEbookWithoutItsEndMarkerIsRefused() throws IOException {
        String text = new String(SyntheticEdition.file(), StandardCharsets.UTF_8);
        byte[] cut = text.substring(0, text.indexOf("*** END OF")).getBytes(StandardCharsets.UTF_8);

        assertRejected(write(cut), "no '*** END OF THE PROJECT GUTENBERG EBOOK ... ***' line after the START line,"
                + " so the eBook is truncated or not from Project Gutenberg");
    }

    @Test
    void tooLittleTextBetweenTheMarkersIsRefused() throws IOException {
        Path file = write(SyntheticEdition.file());
        int textLength = GutenbergText.strip(CorpusText.read(file)).length();
        CorpusAcceptance demanding = new CorpusAcceptance.GutenbergEdition(100, Set.of(), 50_000, 500_000, textLength + 1,
                List.of("THE SONNETS"));

        Optional<String> rejection = demanding.rejection(file, Sha256.ofFile(file));

        assertEquals(Optional.of(PREFIX + String.format(Locale.ROOT,
                "its text between the START and END lines has %,d characters, expected at least %,d", textLength, textLength + 1)),
                rejection);
    }

    @Test
    void anotherBookIsRefused() throws IOException {
        Path file = write(SyntheticEdition.withTitles("THE SONNETS", "MACBETH"));
        assertRejected(file, "its text does not contain \"HAMLET\"");
    }

    @Test
    void requiredPhrasesIgnoreCase() throws IOException {
        Path file = write(SyntheticEdition.withTitles("The Sonnets", "Hamlet"));
        assertEquals(Optional.empty(), SyntheticEdition.POLICY.rejection(file, Sha256.ofFile(file)));
    }

    @Test
    void policiesRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new CorpusAcceptance.PinnedChecksum("ABC"));
        assertThrows(IllegalArgumentException.class,
                () -> new CorpusAcceptance.GutenbergEdition(100, Set.of("x"), 1, 2, 1, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new CorpusAcceptance.GutenbergEdition(100, Set.of(), 10, 5, 1, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new CorpusAcceptance.GutenbergEdition(0, Set.of(), 1, 2, 1, List.of()));
    }

    private void assertRejected(Path file, String why) throws IOException {
        assertEquals(Optional.of(PREFIX + why), SyntheticEdition.POLICY.rejection(file, Sha256.ofFile(file)));
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(tmp, "edition", ".txt"), bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
