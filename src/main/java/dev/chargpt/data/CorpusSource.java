package dev.chargpt.data;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a downloadable corpus comes from and how to recognise the right file: its name in
 * messages, the file name in the data directory, the URL and the SHA-256 of the exact version
 * we tested. Kept apart from {@link NamedCorpus} so tests can point the store at a small file
 * on a local server with a checksum of their own.
 *
 * @param title     what messages call it, e.g. "tiny Shakespeare"
 * @param fileName  the file name inside the data directory
 * @param uri       where to download it from
 * @param sha256    lower-case hex SHA-256 of the expected file
 * @param sizeBytes the expected size, only for the progress line ("1.1 MB")
 */
public record CorpusSource(String title, String fileName, URI uri, String sha256, long sizeBytes) {

    public CorpusSource {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("fileName must be a plain file name: " + fileName);
        }
    }

    /** The same corpus fetched from another address (a mirror, or a local test server). */
    public CorpusSource withUri(URI otherUri) {
        return new CorpusSource(title, fileName, otherUri, sha256, sizeBytes);
    }

    /** The size for humans: "1.1 MB". */
    public String sizeText() {
        return String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1_000_000.0);
    }
}
