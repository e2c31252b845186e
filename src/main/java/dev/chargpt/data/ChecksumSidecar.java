package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code FILE.sha256} beside a corpus file: the checksum the file had when it was accepted,
 * in {@code sha256sum} format ({@code HEX  FILE}, so {@code sha256sum -c FILE.sha256} run in the
 * data directory checks it too). Written atomically: a reader sees the old record or the new
 * one, never half of one.
 */
final class ChecksumSidecar {

    private static final Pattern LINE = Pattern.compile("\\A([0-9a-fA-F]{64})(?:[ \\t]+\\*?[^\\r\\n]*)?\\R?\\z");

    private final Path file;
    private final Path sidecar;

    private ChecksumSidecar(Path file) {
        this.file = file;
        this.sidecar = file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** The sidecar of {@code file}. */
    static ChecksumSidecar of(Path file) {
        return new ChecksumSidecar(file);
    }

    Path path() {
        return sidecar;
    }

    /**
     * The recorded checksum (lower-case hex), or empty if there is no sidecar.
     *
     * @throws BadInputException if the sidecar is not one checksum line
     */
    Optional<String> read() throws IOException {
        String content;
        try {
            content = Files.readString(sidecar, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw damaged();
        }
        Matcher line = LINE.matcher(content);
        if (!line.matches()) {
            throw damaged();
        }
        return Optional.of(line.group(1).toLowerCase(Locale.ROOT));
    }

    /** Records {@code sha256} for the file, replacing any earlier record in one step. */
    void write(String sha256) throws IOException {
        Path dir = sidecar.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, sidecar.getFileName() + ".", ".part");
        try {
            Files.writeString(partial, sha256 + "  " + file.getFileName() + "\n", StandardCharsets.UTF_8);
            Files.move(partial, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private BadInputException damaged() {
        return new BadInputException("the checksum file " + sidecar.toAbsolutePath() + " is damaged (it should hold one line:"
                + " 64 hex digits and the file name); delete it and run again to have " + file.toAbsolutePath()
                + " checked again");
    }
}
