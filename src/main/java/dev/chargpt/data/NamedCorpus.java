package dev.chargpt.data;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/** The corpora the program knows by name and can download itself. */
public enum NamedCorpus {
    /** Karpathy's tiny Shakespeare, the corpus of char-rnn and nanoGPT's shakespeare_char. */
    TINY("tiny", new CorpusSource(
            "tiny Shakespeare",
            "tinyshakespeare.txt",
            URI.create("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
            1_115_394)),

    /**
     * Project Gutenberg eBook #100, raw (header and licence included; see {@link GutenbergText}).
     * Gutenberg re-issues this file from time to time under the same URL, so the checksum pins
     * the version we tested (the September 2011 posting, 5,589,889 bytes): a different version
     * fails the checksum rather than silently changing the training text and every number
     * measured on it. If the URL now serves another version, place the pinned file by hand.
     */
    COMPLETE("complete", new CorpusSource(
            "complete works of Shakespeare",
            "shakespeare_complete.txt",
            URI.create("https://www.gutenberg.org/cache/epub/100/pg100.txt"),
            "7a8203c516f67bc90e1dba9e3de401a3c4118cd21bc93dbe9724eee1c83660c7",
            5_589_889));

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

    /** Lower-case hex SHA-256 of the exact file version we tested. */
    public String sha256() {
        return source.sha256();
    }

    public CorpusSource source() {
        return source;
    }

    /** The corpus with this command-line name (exact, case-sensitive), if any. */
    public static Optional<NamedCorpus> fromCliName(String name) {
        return Arrays.stream(values()).filter(c -> c.cliName.equals(name)).findFirst();
    }
}
