package dev.chargpt.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a file proves it is the corpus a {@link CorpusSource} names, whether it was just
 * downloaded or placed in the data directory by hand.
 *
 * <ul>
 *   <li>{@link PinnedChecksum}: exactly one file is right. For a corpus that never changes
 *       (tiny Shakespeare).</li>
 *   <li>{@link GutenbergEdition}: any plausible edition of one Project Gutenberg eBook. Gutenberg
 *       re-issues its files under the same URL, so pinning one checksum would make the corpus
 *       impossible to download as soon as a new edition appears. Which edition was accepted
 *       is recorded beside the file ({@link #recordsAcceptedChecksum()}), so that later runs
 *       still notice when the cached file is damaged.</li>
 * </ul>
 */
public sealed interface CorpusAcceptance permits CorpusAcceptance.PinnedChecksum, CorpusAcceptance.GutenbergEdition {

    /**
     * Why {@code file} is not acceptable, as a phrase that follows "the downloaded file" or
     * "the cached ... at PATH" ("is corrupt or a different version: ..."); empty if it is
     * acceptable. Reads the file only when its checksum alone does not decide.
     *
     * @param sha256 the file's SHA-256, which the caller has already computed
     */
    Optional<String> rejection(Path file, String sha256) throws IOException;

    /**
     * Whether the checksum of an accepted file is to be written beside it (the {@code .sha256}
     * file) and later runs are to verify the file against that: true when more than one file is
     * acceptable, so the policy itself cannot tell which one should be there.
     */
    boolean recordsAcceptedChecksum();

    /** What a file placed by hand must be, for messages: "sha256 ..." or "a UTF-8 plain-text edition of ...". */
    String requirement();

    /** The one file with this SHA-256 (lower-case hex). */
    record PinnedChecksum(String sha256) implements CorpusAcceptance {

        public PinnedChecksum {
            requireSha256(sha256);
        }

        @Override
        public Optional<String> rejection(Path file, String actualSha256) {
            return sha256.equals(actualSha256)
                    ? Optional.empty()
                    : Optional.of("is corrupt or a different version: sha256 " + actualSha256 + ", expected " + sha256);
        }

        @Override
        public boolean recordsAcceptedChecksum() {
            return false;
        }

        @Override
        public String requirement() {
            return "sha256 " + sha256;
        }
    }

    /**
     * Any plausible edition of Project Gutenberg eBook {@code ebookNumber}: a file whose SHA-256
     * is one of {@code knownSha256} (editions we have tested), or one that passes every check:
     * its size is within {@code [minBytes, maxBytes]}; it is valid UTF-8; it has the Gutenberg
     * START and END marker lines and {@link GutenbergText#strip} finds text between them; that
     * text has at least {@code minTextChars} characters and contains each of
     * {@code requiredPhrases} (ignoring case). The size is checked before the file is read, so
     * a huge wrong file is refused without being loaded.
     *
     * <p>The checks tell a re-issued edition from an error page, a different book, a truncated
     * download or a re-encoded copy; they do not prove that the text is unaltered, which no
     * check can for an edition we have never seen.
     */
    record GutenbergEdition(int ebookNumber, Set<String> knownSha256, long minBytes, long maxBytes, int minTextChars,
                            List<String> requiredPhrases) implements CorpusAcceptance {

        public GutenbergEdition {
            knownSha256 = Set.copyOf(knownSha256);
            knownSha256.forEach(CorpusAcceptance::requireSha256);
            requiredPhrases = List.copyOf(requiredPhrases);
            if (ebookNumber < 1) {
                throw new IllegalArgumentException("ebookNumber must be positive: " + ebookNumber);
            }
            if (minBytes < 1 || maxBytes < minBytes) {
                throw new IllegalArgumentException("need 1 <= minBytes <= maxBytes: " + minBytes + ", " + maxBytes);
            }
            if (maxBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxBytes must fit in one byte array: " + maxBytes);
            }
            if (minTextChars < 1) {
                throw new IllegalArgumentException("minTextChars must be positive: " + minTextChars);
            }
        }

        @Override
        public Optional<String> rejection(Path file, String sha256) throws IOException {
            if (knownSha256.contains(sha256)) {
                return Optional.empty();
            }
            return implausibility(file).map(why -> "is not a plausible edition of Project Gutenberg eBook #" + ebookNumber
                    + ": " + why);
        }

        private Optional<String> implausibility(Path file) throws IOException {
            long size = Files.size(file);
            if (size < minBytes || size > maxBytes) {
                return Optional.of(String.format(Locale.ROOT, "its size is %,d bytes, outside the expected %s to %s",
                        size, megabytes(minBytes), megabytes(maxBytes)));
            }
            String raw;
            try {
                raw = CorpusText.decodeStrictly(Files.readAllBytes(file));
            } catch (CorpusText.InvalidUtf8Exception e) {
                return Optional.of(e.getMessage());
            }
            String text;
            try {
                text = GutenbergText.strip(raw);
            } catch (GutenbergText.NotAnEbookException e) {
                return Optional.of(e.problem());
            }
            if (text.length() < minTextChars) {
                return Optional.of(String.format(Locale.ROOT,
                        "its text between the START and END lines has %,d characters, expected at least %,d",
                        text.length(), minTextChars));
            }
            for (String phrase : requiredPhrases) {
                Pattern quoted = Pattern.compile(Pattern.quote(phrase), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                if (!quoted.matcher(text).find()) {
                    return Optional.of("its text does not contain \"" + phrase + "\"");
                }
            }
            return Optional.empty();
        }

        @Override
        public boolean recordsAcceptedChecksum() {
            return true;
        }

        @Override
        public String requirement() {
            return "a UTF-8 plain-text edition of Project Gutenberg eBook #" + ebookNumber;
        }

        private static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
        }
    }

    private static void requireSha256(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
    }
}
