package dev.chargpt.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamedCorpusTest {

    @Test
    void sharedTinyShakespeareHasThePinnedChecksum() throws Exception {
        CorpusAcceptance acceptance = NamedCorpus.TINY.acceptance();

        assertEquals(Optional.empty(), acceptance.rejection(SharedCorpora.tiny(), Sha256.ofFile(SharedCorpora.tiny())));
        assertFalse(acceptance.recordsAcceptedChecksum(), "tiny Shakespeare never changes: one pinned checksum, no record");
    }

    @Test
    void sharedCompleteWorksAreTheKnownEdition() throws Exception {
        CorpusAcceptance.GutenbergEdition edition = (CorpusAcceptance.GutenbergEdition) NamedCorpus.COMPLETE.acceptance();

        assertEquals(Set.of(Sha256.ofFile(SharedCorpora.complete())), edition.knownSha256());
        assertEquals(NamedCorpus.COMPLETE_2011_SHA256, Sha256.ofFile(SharedCorpora.complete()));
        assertTrue(edition.recordsAcceptedChecksum());
    }

    /** The known checksum is a shortcut, not what lets our edition in: it passes the plausibility check as well. */
    @Test
    void sharedCompleteWorksPassTheEditionCheckWithoutTheirKnownChecksum() throws Exception {
        CorpusAcceptance.GutenbergEdition real = (CorpusAcceptance.GutenbergEdition) NamedCorpus.COMPLETE.acceptance();
        CorpusAcceptance.GutenbergEdition unknown = new CorpusAcceptance.GutenbergEdition(real.ebookNumber(), Set.of(),
                real.minBytes(), real.maxBytes(), real.minTextChars(), real.requiredPhrases());

        assertEquals(Optional.empty(), unknown.rejection(SharedCorpora.complete(), "0".repeat(64)));
    }

    @Test
    void completeWorksAcceptAnyPlausibleEditionOfEbook100() {
        CorpusAcceptance.GutenbergEdition edition = (CorpusAcceptance.GutenbergEdition) NamedCorpus.COMPLETE.acceptance();

        assertEquals(100, edition.ebookNumber());
        assertEquals(4_000_000, edition.minBytes());
        assertEquals(8_000_000, edition.maxBytes());
        assertEquals(4_000_000, edition.minTextChars());
        assertEquals(List.of("THE SONNETS", "HAMLET"), edition.requiredPhrases());
        assertEquals("a UTF-8 plain-text edition of Project Gutenberg eBook #100", edition.requirement());
    }

    @Test
    void namesFileNamesAndUrls() {
        assertEquals("tiny", NamedCorpus.TINY.cliName());
        assertEquals("tinyshakespeare.txt", NamedCorpus.TINY.fileName());
        assertEquals("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
                NamedCorpus.TINY.url().toString());
        assertEquals("complete", NamedCorpus.COMPLETE.cliName());
        assertEquals("shakespeare_complete.txt", NamedCorpus.COMPLETE.fileName());
        assertEquals("https://www.gutenberg.org/cache/epub/100/pg100.txt", NamedCorpus.COMPLETE.url().toString());
    }

    @Test
    void findsCorporaByCliNameOnly() {
        assertEquals(Optional.of(NamedCorpus.TINY), NamedCorpus.fromCliName("tiny"));
        assertEquals(Optional.of(NamedCorpus.COMPLETE), NamedCorpus.fromCliName("complete"));
        assertEquals(Optional.empty(), NamedCorpus.fromCliName("data/tinyshakespeare.txt"));
        assertEquals(Optional.empty(), NamedCorpus.fromCliName(null));
    }
}
