package dev.chargpt.chart;

import dev.chargpt.AtomicFile;
import dev.chargpt.BadInputException;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A picture's PNG file, for the loss chart and the attention pictures: drawn headless, written whole or not at all. */
final class PngFile {
    /** Encodes the picture as PNG. */
    @FunctionalInterface
    interface Encoder {
        void encode(OutputStream out) throws IOException;
    }

    private PngFile() {
    }

    /**
     * Call before anything touches AWT. Drawing into an image needs no display; without headless mode
     * AWT puts an icon in the macOS Dock and may look for an X server on Linux. An explicit setting by
     * the user wins. ImageIO's temporary-file cache buys nothing for a PNG encoded in memory, and on a
     * full disk its shutdown hook dies with a NullPointerException on stderr after our one-line error.
     */
    static void useHeadlessDrawing() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ImageIO.setUseCache(false);
    }

    /** @throws BadInputException if {@code png} is a directory; {@code what} and {@code example} say what to give instead */
    static void requireFile(Path png, String what, String example) {
        if (Files.isDirectory(png)) {
            throw new BadInputException(what + " path " + png + " is a directory: give a file name such as " + example);
        }
    }

    /**
     * Encodes in memory, then replaces {@code png} through {@link AtomicFile}, creating its directory: a
     * README or a browser never shows a half-written image.
     */
    static void write(Path png, String what, Encoder encoder) {
        Path target = png.toAbsolutePath();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            encoder.encode(bytes);
            Files.createDirectories(target.getParent());
            AtomicFile.replace(target, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + png, e);
        }
    }
}
