package dev.chargpt.data;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NamedCorpusTest {

    @Test
    void sharedTinyShakespeareHasThePinnedChecksum() throws Exception {
        assertEquals(NamedCorpus.TINY.sha256(), Sha256.ofFile(SharedCorpora.tiny()));
    }

    @Test
    void sharedCompleteWorksHaveThePinnedChecksum() throws Exception {
        assertEquals(NamedCorpus.COMPLETE.sha256(), Sha256.ofFile(SharedCorpora.complete()));
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
