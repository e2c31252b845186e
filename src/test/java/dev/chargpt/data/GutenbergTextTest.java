package dev.chargpt.data;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GutenbergTextTest {

    @Test
    void completeWorksKeepOnlyShakespeare() {
        String text = GutenbergText.strip(CorpusText.read(SharedCorpora.complete()));

        assertTrue(text.startsWith("1609\n\nTHE SONNETS\n\nby William Shakespeare\n"), text.substring(0, 60));
        assertTrue(text.endsWith("\n\nTHE END\n"), "ends with the last poem and one newline");
        assertFalse(text.toLowerCase(Locale.ROOT).contains("gutenberg"), "no licence, header or notice left");
        assertFalse(text.contains("<<THIS ELECTRONIC VERSION"));
        assertFalse(text.contains("SMALL PRINT"));
        assertFalse(text.contains("\r"));
        assertTrue(text.contains("To be, or not to be"));
        assertTrue(text.length() > 5_000_000, "the works themselves: " + text.length());
    }

    @Test
    void modernMarkersAndCrlfAreHandled() {
        String raw = "\uFEFFThe Project Gutenberg eBook of X\r\n\r\n"
                + "*** START OF THE PROJECT GUTENBERG EBOOK X ***\r\n\r\n\r\n"
                + "  Indented first line.\r\nSecond line.\r\n\r\n"
                + "*** END OF THE PROJECT GUTENBERG EBOOK X ***\r\n"
                + "Section 1. General Terms of Use\r\n";

        assertEquals("  Indented first line.\nSecond line.\n", GutenbergText.strip(raw));
    }

    @Test
    void transcriberCreditAndEndNoteGo() {
        String raw = "header\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n\n\n"
                + "Produced by Someone\nand Someone Else\n\n"
                + "The text.\n\n"
                + "End of the Project Gutenberg EBook of X, by Y\n\n"
                + "*** END OF THIS PROJECT GUTENBERG EBOOK X ***\nlicence\n";

        assertEquals("The text.\n", GutenbergText.strip(raw));
    }

    @Test
    void licenceMarkersAreNotMistakenForTheBookMarkers() {
        String raw = "*** START: FULL LICENSE ***\ntext\n*** END: FULL LICENSE ***\n";
        assertThrows(BadInputException.class, () -> GutenbergText.strip(raw));
    }

    @Test
    void missingStartMarkerIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> GutenbergText.strip("just some text\n"));
        assertTrue(e.getMessage().contains("START OF THE PROJECT GUTENBERG EBOOK"), e.getMessage());
    }

    @Test
    void missingEndMarkerIsRefused() {
        String raw = "*** START OF THE PROJECT GUTENBERG EBOOK X ***\ntext without an end\n";
        BadInputException e = assertThrows(BadInputException.class, () -> GutenbergText.strip(raw));
        assertTrue(e.getMessage().contains("END OF THE PROJECT GUTENBERG EBOOK"), e.getMessage());
    }

    @Test
    void endMarkerBeforeStartMarkerIsRefused() {
        String raw = "*** END OF THE PROJECT GUTENBERG EBOOK X ***\ntext\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\n";
        assertThrows(BadInputException.class, () -> GutenbergText.strip(raw));
    }
}
