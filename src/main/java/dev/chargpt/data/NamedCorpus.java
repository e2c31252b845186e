package dev.chargpt.data;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The corpora the program knows by name and can download itself. */
public enum NamedCorpus {
    /** Karpathy's tiny Shakespeare, the corpus of char-rnn and nanoGPT's shakespeare_char; it never changes, so one checksum is pinned. */
    TINY("tiny", new CorpusSource(
            "tiny Shakespeare",
            "tinyshakespeare.txt",
            URI.create("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
            new CorpusAcceptance.PinnedChecksum("86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"),
            1_115_394)),

    /**
     * Project Gutenberg eBook #100, raw (header and licence included; see {@link GutenbergText}).
     * Gutenberg re-issues this file from time to time under the same URL, so no single checksum
     * can be pinned: any plausible edition is accepted (see {@link CorpusAcceptance.GutenbergEdition};
     * the thresholds leave room around the 5.6 MB and 5.4 million characters of the editions
     * seen so far), and the checksum of the one accepted is recorded beside it. The edition we
     * tested, the September 2011 posting (5,589,889 bytes), is known by its checksum; numbers
     * measured on another edition are close to ours, not identical.
     */
    COMPLETE("complete", new CorpusSource(
            "complete works of Shakespeare",
            "shakespeare_complete.txt",
            URI.create("https://www.gutenberg.org/cache/epub/100/pg100.txt"),
            new CorpusAcceptance.GutenbergEdition(
                    100,
                    Set.of(NamedCorpus.COMPLETE_2011_SHA256),
                    4_000_000,
                    8_000_000,
                    4_000_000,
                    List.of("THE SONNETS", "HAMLET")),
            5_589_889));

    /** SHA-256 of the September 2011 posting of eBook #100, the edition we tested. */
    static final String COMPLETE_2011_SHA256 = "7a8203c516f67bc90e1dba9e3de401a3c4118cd21bc93dbe9724eee1c83660c7";

    private final String cliName;
    private final CorpusSource source;

    NamedCorpus(String cliName, CorpusSource source) {
        this.cliName = cliName;
        this.source = source;
    }

    /** The name given on the command line ({@code --corpus tiny}). */
    public String cliName() {
        return cliName;
    }

    public String fileName() {
        return source.fileName();
    }

    public URI url() {
        return source.uri();
    }

    /** Which files are this corpus: tiny Shakespeare's one checksum, or any plausible edition of eBook #100. */
    public CorpusAcceptance acceptance() {
        return source.acceptance();
    }

    public CorpusSource source() {
        return source;
    }

    /** The corpus with this command-line name (exact, case-sensitive), if any. */
    public static Optional<NamedCorpus> fromCliName(String name) {
        return Arrays.stream(values()).filter(c -> c.cliName.equals(name)).findFirst();
    }
}
