package dev.chargpt.ui;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * A run's training statistics: DL4J's file stats storage (MapDB) in the run directory, which the
 * training UI reads. Training appends to it; {@code chargpt ui} serves it.
 */
public final class StatsFile {
    public static final String NAME = "ui-stats.bin";

    private StatsFile() {
    }

    public static Path in(Path runDirectory) {
        return runDirectory.resolve(NAME);
    }

    /**
     * The storage a training session appends to. A file DL4J cannot open (torn by a kill, or not
     * its own) never stops the training: it is moved aside, with one line saying so, and a new one begun.
     */
    public static FileStatsStorage forTraining(Path file, Consumer<String> warn) {
        try {
            return new FileStatsStorage(file.toFile());
        } catch (RuntimeException e) {
            Path aside = file.resolveSibling(NAME + ".unreadable-" + System.currentTimeMillis());
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("cannot move the unreadable " + file + " aside", moveFailed);
            }
            warn.accept("warning: " + file + " is not a readable stats file (" + OneLineReason.of(e) + "); moved it to "
                    + aside + " and started a new one");
            return new FileStatsStorage(file.toFile());
        }
    }

    /**
     * MapDB locks the file while a run trains and writes it: then a copy of it (and its write-ahead
     * logs) as of now is opened instead, so a run still training can be looked at.
     */
    private static FileStatsStorage open(Path file) {
        try {
            return new FileStatsStorage(file.toFile());
        } catch (RuntimeException e) {
            if (!e.getClass().getSimpleName().equals("FileLocked")) {
                throw e;
            }
            return new FileStatsStorage(snapshot(file).toFile());
        }
    }

    private static Path snapshot(Path file) {
        try {
            Path copy = Files.createTempDirectory("chargpt-ui-").resolve(NAME);
            copy.getParent().toFile().deleteOnExit();
            try (var siblings = Files.list(file.getParent())) {
                for (Path part : siblings.filter(p -> p.getFileName().toString().startsWith(NAME)
                        && !p.getFileName().toString().contains(".unreadable-")).toList()) {
                    Path target = copy.resolveSibling(part.getFileName());
                    Files.copy(part, target);
                    target.toFile().deleteOnExit();
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + file + " of the run in training", e);
        }
    }

    /** The statistics of the run in {@code runDirectory}, to serve; no file, or one DL4J cannot read, is bad input. */
    public static FileStatsStorage forReading(Path runDirectory) {
        Path file = in(runDirectory);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(runDirectory.toAbsolutePath() + " has no training statistics (" + NAME
                    + "); they are written by a run trained with: chargpt train --ui");
        }
        try {
            FileStatsStorage storage = open(file);
            if (storage.listSessionIDs().isEmpty()) {
                storage.close();
                throw new BadInputException(file.toAbsolutePath() + " holds no training session yet; wait for the run's"
                        + " first statistics, or train with --ui");
            }
            return storage;
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(file.toAbsolutePath() + " is not a readable DL4J stats file (" + OneLineReason.of(e)
                    + "); it may be truncated: train again with --ui to write a new one", e);
        }
    }
}
