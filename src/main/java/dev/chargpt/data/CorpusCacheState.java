package dev.chargpt.data;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the data directory holds of one named corpus, found by looking only: nothing is downloaded
 * and nothing is written (no checksum record either), so {@code chargpt info} can report it
 * safely at any time. A present file is checked the way {@link CorpusStore} checks a cached copy
 * before training: against its pinned checksum, against its recorded checksum, or, with no record
 * yet, against its corpus's {@link CorpusAcceptance} policy.
 *
 * @param corpus    the named corpus
 * @param file      where the data directory keeps it
 * @param status    verified, absent or unusable
 * @param sizeBytes the file's size, or 0 when absent
 * @param detail    one phrase: how it was verified, where it comes from, or what is wrong with it
 */
public record CorpusCacheState(NamedCorpus corpus, Path file, Status status, long sizeBytes, String detail) {

    public enum Status {
        /** present and the right file: training uses it without network */
        VERIFIED,
        /** not there: training downloads it once */
        ABSENT,
        /** there but not usable as it is: training would fail with the same reason */
        UNUSABLE
    }

    public CorpusCacheState {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** Looks at {@code dataDir} for {@code corpus}. */
    public static CorpusCacheState inspect(Path dataDir, NamedCorpus corpus) {
        Path file = dataDir.resolve(corpus.fileName());
        if (!Files.exists(file)) {
            return new CorpusCacheState(corpus, file, Status.ABSENT, 0,
                    "downloaded from " + corpus.url() + " on first use");
        }
        if (!Files.isRegularFile(file)) {
            return new CorpusCacheState(corpus, file, Status.UNUSABLE, 0, "is not a regular file; move it away");
        }
        try {
            long size = Files.size(file);
            Optional<String> problem = problem(corpus, file);
            if (problem.isPresent()) {
                return new CorpusCacheState(corpus, file, Status.UNUSABLE, size, problem.get());
            }
            return new CorpusCacheState(corpus, file, Status.VERIFIED, size, corpus.acceptance().recordsAcceptedChecksum()
                    ? "accepted as " + corpus.acceptance().requirement()
                    : "sha256 matches the pinned checksum");
        } catch (IOException e) {
            return new CorpusCacheState(corpus, file, Status.UNUSABLE, 0, "cannot be read (" + OneLineReason.of(e) + ")");
        }
    }

    /** Why the cached file would be refused, or empty if it would be used. */
    private static Optional<String> problem(NamedCorpus corpus, Path file) throws IOException {
        String actual = Sha256.ofFile(file);
        CorpusAcceptance acceptance = corpus.acceptance();
        if (acceptance.recordsAcceptedChecksum()) {
            Optional<String> recorded;
            try {
                recorded = ChecksumSidecar.of(file).read();
            } catch (BadInputException e) {
                return Optional.of(e.getMessage());
            }
            if (recorded.isPresent()) {
                return recorded.get().equals(actual)
                        ? Optional.empty()
                        : Optional.of("has changed since it was accepted (sha256 " + actual + ", recorded "
                                + recorded.get() + "); delete it to have it downloaded again");
            }
        }
        return acceptance.rejection(file, actual).map(why -> why + "; delete it to have it downloaded again");
    }
}
