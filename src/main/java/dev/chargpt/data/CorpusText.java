package dev.chargpt.data;

import dev.chargpt.BadInputException;
import dev.chargpt.OneLineReason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a corpus file as text. Decoding is strict: a file that is not valid UTF-8 is refused
 * with the position of the first bad byte, because lenient decoding would quietly put U+FFFD
 * into the vocabulary and into everything the model learns and generates.
 */
public final class CorpusText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CorpusText() {
    }

    /**
     * The text of {@code file}, decoded as strict UTF-8. A leading byte order mark is dropped: it
     * marks the encoding and is not part of the text (it would otherwise become a character of
     * the vocabulary that occurs exactly once).
     *
     * @throws BadInputException if the file is missing, a directory, unreadable, empty or not UTF-8
     */
    public static String read(Path file) {
        String text = decodeStrictly(file, readBytes(file));
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            throw new BadInputException("corpus file has no text (only a byte order mark): " + file.toAbsolutePath()
                    + "; pass a file that contains text");
        }
        return text;
    }

    /**
     * The training text for a {@code --corpus} argument whose file {@link CorpusStore#resolve}
     * returned. The complete works are stripped of Project Gutenberg's header, licence and
     * notices ({@link GutenbergText}); tiny Shakespeare and the user's own files are used as
     * they are (a user's Gutenberg file is not touched: we cannot know it wants stripping).
     */
    public static String forCorpus(String corpusArg, Path file) {
        String text = read(file);
        boolean gutenbergWrapped = NamedCorpus.fromCliName(corpusArg).filter(c -> c == NamedCorpus.COMPLETE).isPresent();
        return gutenbergWrapped ? GutenbergText.strip(text) : text;
    }

    private static byte[] readBytes(Path file) {
        Path shown = file.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new BadInputException("corpus path is a directory, not a file: " + shown + "; pass the path of a UTF-8 text file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("corpus file not found: " + shown + "; check the path");
        } catch (IOException e) {
            throw new BadInputException("cannot read corpus file " + shown + " (" + OneLineReason.of(e) + "); check its permissions", e);
        }
        if (bytes.length == 0) {
            throw new BadInputException("corpus file is empty: " + shown + "; pass a file that contains text");
        }
        return bytes;
    }

    private static String decodeStrictly(Path file, byte[] bytes) {
        try {
            return decodeStrictly(bytes);
        } catch (InvalidUtf8Exception e) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s is not valid UTF-8: byte 0x%02X at byte offset %d (line %d) cannot be decoded;"
                            + " re-save the file as UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt)",
                    file.toAbsolutePath(), e.badByte(), e.offset(), lineOf(bytes, e.offset())));
        }
    }

    /** {@code bytes} decoded as strict UTF-8 (a byte order mark is kept), or where decoding fails. */
    static String decodeStrictly(byte[] bytes) throws InvalidUtf8Exception {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never yields more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new InvalidUtf8Exception(offset, bytes[offset] & 0xFF);
        }
        return out.flip().toString();
    }

    /** The first byte that strict UTF-8 decoding refused: its offset and value. */
    static final class InvalidUtf8Exception extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;
        private final int badByte;

        InvalidUtf8Exception(int offset, int badByte) {
            super(String.format(Locale.ROOT, "byte 0x%02X at byte offset %d is not valid UTF-8", badByte, offset),
                    null, false, false);
            this.offset = offset;
            this.badByte = badByte;
        }

        int offset() {
            return offset;
        }

        int badByte() {
            return badByte;
        }
    }

    /** 1-based line number of byte {@code offset}: line ends are LF in UTF-8, Windows and Unix alike. */
    private static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
