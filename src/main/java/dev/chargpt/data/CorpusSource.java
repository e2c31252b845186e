package dev.chargpt.data;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a downloadable corpus comes from and how to recognise a right file: its name in
 * messages, the file name in the data directory, the URL and the {@link CorpusAcceptance}
 * policy (one pinned checksum, or any plausible edition of a Gutenberg eBook). Kept apart from
 * {@link NamedCorpus} so tests can point the store at a small file on a local server with a
 * policy of their own.
 *
 * @param title      what messages call it, e.g. "tiny Shakespeare"
 * @param fileName   the file name inside the data directory
 * @param uri        where to download it from
 * @param acceptance which files are the corpus
 * @param sizeBytes  the expected size, only for the progress line ("1.1 MB")
 */
public record CorpusSource(String title, String fileName, URI uri, CorpusAcceptance acceptance, long sizeBytes) {

    public CorpusSource {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(acceptance, "acceptance");
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("fileName must be a plain file name: " + fileName);
        }
    }

    /** A corpus that is exactly one file, the one with this SHA-256 (lower-case hex). */
    public CorpusSource(String title, String fileName, URI uri, String sha256, long sizeBytes) {
        this(title, fileName, uri, new CorpusAcceptance.PinnedChecksum(sha256), sizeBytes);
    }

    /** The same corpus fetched from another address (a mirror, or a local test server). */
    public CorpusSource withUri(URI otherUri) {
        return new CorpusSource(title, fileName, otherUri, acceptance, sizeBytes);
    }

    /** The size for humans: "1.1 MB". */
    public String sizeText() {
        return String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1_000_000.0);
    }
}
