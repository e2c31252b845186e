package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the paths that commands read, made before anything heavy starts. */
final class InputPaths {

    private InputPaths() {
    }

    /** {@code --model DIR} must be an existing directory (a run directory that {@code chargpt train} wrote). */
    static Path runDirectory(Path dir, String flag) {
        Path shown = dir.toAbsolutePath();
        if (!Files.exists(dir)) {
            throw new BadInputException("--" + flag + " " + shown + " does not exist; pass a run directory that"
                    + " chargpt train wrote (they are under models/)");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--" + flag + " " + shown + " is a file; pass the run directory that holds it");
        }
        return dir;
    }

    /** A file the command will read ({@code --prompt-file}, {@code --text}): exists, is a file, can be read, not empty. */
    /** {@code file} checked as {@link #readableFile} does when given; {@code null} when not. */
    static Path optionalReadableFile(Path file, String flag) {
        return file == null ? null : readableFile(file, flag);
    }

    static Path readableFile(Path file, String flag) {
        Path shown = file.toAbsolutePath();
        if (!Files.exists(file)) {
            throw new BadInputException("--" + flag + " file not found: " + shown + "; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException("--" + flag + " " + shown + " is a directory; pass a UTF-8 text file");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("--" + flag + " file " + shown + " is not readable; check its permissions");
        }
        try {
            if (Files.size(file) == 0) {
                throw new BadInputException("--" + flag + " file " + shown + " is empty; pass a file that contains text");
            }
        } catch (java.io.IOException e) {
            throw new BadInputException("--" + flag + " file " + shown + " cannot be read (" + OneLineReason.of(e) + ")", e);
        }
        return file;
    }
}
