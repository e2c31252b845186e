package dev.chargpt.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A made-up "newer edition" of eBook #100 laid out as Gutenberg files are today (byte order
 * mark, CRLF, "THE" in the markers, licence after the END line), about 100 kB, and a policy
 * with the thresholds scaled down to match.
 */
final class SyntheticEdition {

    static final CorpusAcceptance.GutenbergEdition POLICY = new CorpusAcceptance.GutenbergEdition(
            100, Set.of(), 50_000, 500_000, 50_000, List.of("THE SONNETS", "HAMLET"));

    private SyntheticEdition() {
    }

    /** The whole file, with the given titles in its contents list. */
    static byte[] withTitles(String... titles) {
        StringBuilder text = new StringBuilder("\uFEFFThe Project Gutenberg eBook of The Complete Works of William Shakespeare\r\n\r\n"
                + "Release date: January 1994 [eBook #100]\r\n\r\n"
                + "*** START OF THE PROJECT GUTENBERG EBOOK THE COMPLETE WORKS OF WILLIAM SHAKESPEARE ***\r\n\r\n"
                + "The Complete Works of William Shakespeare\r\n\r\nContents\r\n\r\n");
        for (String title : titles) {
            text.append("    ").append(title).append("\r\n");
        }
        for (int i = 0; i < 1500; i++) {
            text.append("Line ").append(i).append(" of a newly issued edition: fair Verona, where we lay our scene’s é.\r\n");
        }
        text.append("\r\n*** END OF THE PROJECT GUTENBERG EBOOK THE COMPLETE WORKS OF WILLIAM SHAKESPEARE ***\r\n\r\n"
                + "Updated editions will replace the previous one--the old editions will be renamed.\r\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] file() {
        return withTitles("THE SONNETS", "ALL’S WELL THAT ENDS WELL", "The Tragedy of Hamlet, Prince of Denmark");
    }
}
