package dev.chargpt.data;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import dev.chargpt.Setting;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a {@code --corpus} argument into a readable file: "tiny" or "complete" name a corpus kept
 * in the data directory (downloaded once, never re-downloaded while the cached copy is good, and
 * verified by SHA-256 every time: against tiny Shakespeare's pinned checksum, or against the
 * checksum recorded in {@code shakespeare_complete.txt.sha256} when that edition was accepted;
 * see {@link CorpusAcceptance}); anything else is the path of the user's own text file.
 * A file literally named "tiny" in the working directory is reached as "./tiny".
 */
public final class CorpusStore {

    private final Path dataDir;
    private final Function<NamedCorpus, CorpusSource> sources;
    private final PrintStream progress;
    private final CorpusDownloader downloader;

    /** A store in {@code dataDir} that downloads from each corpus's official URL. */
    /** Where named corpora are kept unless {@code --data-dir} says otherwise. */
    public static final Path DEFAULT_DIR = Path.of("data");

    public CorpusStore(Path dataDir) {
        this(dataDir, NamedCorpus::source, System.err);
    }

    /**
     * A store that downloads from other URLs (a mirror, or a local server in tests); which files
     * are accepted stays each corpus's own {@link CorpusAcceptance}. A null URL from {@code urlOverride} means "use the official one".
     */
    public CorpusStore(Path dataDir, Function<NamedCorpus, URI> urlOverride) {
        this(dataDir, corpus -> {
            URI override = urlOverride.apply(corpus);
            return override == null ? corpus.source() : corpus.source().withUri(override);
        }, System.err);
    }

    /** Tests replace the whole source (file name, checksum, URL) to exercise downloads on small files. */
    CorpusStore(Path dataDir, Function<NamedCorpus, CorpusSource> sources, PrintStream progress) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.downloader = new CorpusDownloader(progress);
    }

    /**
     * The file to read for {@code corpusArg}: "tiny", "complete" or a file path. Downloads a named
     * corpus if it is not cached yet.
     *
     * @throws BadInputException if the file cannot be had: download failed, cached copy corrupt,
     *                           user's path missing, a directory, empty or unreadable
     */
    public Path resolve(String corpusArg) {
        if (corpusArg == null || corpusArg.isBlank()) {
            throw new BadInputException("no corpus given: pass " + Setting.CORPUS + " tiny, " + Setting.CORPUS + " complete or the path of a UTF-8 text file");
        }
        Optional<NamedCorpus> named = NamedCorpus.fromCliName(corpusArg);
        return named.isPresent() ? cachedOrDownloaded(sources.apply(named.get())) : checkedUserFile(corpusArg);
    }

    private Path cachedOrDownloaded(CorpusSource source) {
        Path target = dataDir.resolve(source.fileName());
        if (Files.isDirectory(target)) {
            throw new BadInputException(target.toAbsolutePath() + " is a directory, but " + source.title()
                    + " is kept there as a file; move the directory away and run again");
        }
        if (!Files.exists(target)) {
            downloader.download(source, target);
            return target;
        }
        verifyCached(source, target);
        return target;
    }

    /**
     * Checks a cached corpus file. A file whose policy records checksums is held to its recorded
     * checksum, so any change after it was accepted shows; a file with no record yet (placed by
     * hand, or cached before records existed) must pass the policy and then gets its record.
     * A file under a pinned checksum is held to that checksum.
     */
    private void verifyCached(CorpusSource source, Path target) {
        CorpusAcceptance acceptance = source.acceptance();
        ChecksumSidecar sidecar = ChecksumSidecar.of(target);
        Path shown = target.toAbsolutePath();
        String actual;
        try {
            actual = Sha256.ofFile(target);
        } catch (IOException e) {
            throw cannotRead(source, shown, e);
        }
        if (acceptance.recordsAcceptedChecksum()) {
            Optional<String> recorded;
            try {
                recorded = sidecar.read();
            } catch (IOException e) {
                throw cannotRead(source, sidecar.path().toAbsolutePath(), e);
            }
            if (recorded.isPresent()) {
                if (!recorded.get().equals(actual)) {
                    throw new BadInputException("the cached " + source.title() + " at " + shown
                            + " has changed since it was accepted (sha256 " + actual + ", but " + sidecar.path().getFileName()
                            + " records " + recorded.get() + "), so it is corrupt or was replaced; delete both files and run"
                            + " again to download it from " + source.uri() + ", or delete only " + sidecar.path().toAbsolutePath()
                            + " if you replaced the file on purpose");
                }
                return;
            }
        }
        Optional<String> rejection;
        try {
            rejection = acceptance.rejection(target, actual);
        } catch (IOException e) {
            throw cannotRead(source, shown, e);
        }
        if (rejection.isPresent()) {
            throw new BadInputException("the cached " + source.title() + " at " + shown + " " + rejection.get()
                    + "; delete it and run again to download it from " + source.uri()
                    + ", or put the right file there (" + acceptance.requirement() + ")");
        }
        if (acceptance.recordsAcceptedChecksum()) {
            record(sidecar, actual, shown);
        }
    }

    /**
     * Writes the checksum record of a newly accepted cached file. Failing to is not fatal: the
     * file has just passed the policy, and the next run checks it again the same way.
     */
    private void record(ChecksumSidecar sidecar, String sha256, Path shown) {
        Path sidecarShown = sidecar.path().toAbsolutePath();
        try {
            sidecar.write(sha256);
            progress.println("accepted " + shown + " (sha256 " + sha256 + ") and recorded its checksum in " + sidecarShown);
        } catch (IOException e) {
            progress.println("accepted " + shown + " (sha256 " + sha256 + ") but could not record its checksum in "
                    + sidecarShown + " (" + OneLineReason.of(e) + "), so the next run checks it again; make "
                    + sidecarShown.getParent() + " writable to avoid that");
        }
    }

    private static BadInputException cannotRead(CorpusSource source, Path shown, IOException e) {
        return new BadInputException("cannot read " + shown + " of the cached " + source.title() + " ("
                + OneLineReason.of(e) + "); check its permissions, or delete it to have it downloaded or checked again", e);
    }

    private static Path checkedUserFile(String corpusArg) {
        Path file;
        try {
            file = Path.of(corpusArg);
        } catch (InvalidPathException e) {
            throw new BadInputException(Setting.CORPUS + " '" + corpusArg + "' is neither tiny, complete nor a valid file path ("
                    + e.getReason() + "); pass tiny, complete or the path of a UTF-8 text file");
        }
        Path shown = file.toAbsolutePath();
        if (!Files.exists(file)) {
            throw new BadInputException("corpus file not found: " + shown
                    + "; pass tiny, complete or the path of an existing UTF-8 text file");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("corpus path is a directory, not a file: " + shown
                    + "; pass the path of a UTF-8 text file inside it");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("corpus file is not readable: " + shown + "; check its permissions");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read corpus file " + shown + " (" + OneLineReason.of(e)
                    + "); check the path and its permissions", e);
        }
        if (size == 0) {
            throw new BadInputException("corpus file is empty: " + shown + "; pass a file that contains text");
        }
        return file;
    }
}
