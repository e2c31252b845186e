package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The vocabulary's file format, {@code {"format":1,"codePoints":[10,32,...]}}, written and read
 * by hand: the format is two fields of numbers, too small to justify a JSON dependency. The
 * reader accepts any whitespace and either key order, and rejects anything else, because a
 * checkpoint with a damaged vocabulary would otherwise decode to the wrong characters.
 */
final class VocabularyJson {

    static final int FORMAT = 1;
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    private final String json;
    private int pos;

    private VocabularyJson(String json) {
        this.json = json;
    }

    static String write(int[] codePoints) {
        return "{\"format\":" + FORMAT + ",\"codePoints\":["
                + Arrays.stream(codePoints).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "]}";
    }

    static Vocabulary read(String json) {
        if (json == null) {
            throw new BadInputException("vocabulary JSON is missing; the checkpoint is incomplete, use another checkpoint");
        }
        return new VocabularyJson(json).parse();
    }

    private Vocabulary parse() {
        Integer format = null;
        int[] codePoints = null;
        expect('{');
        do {
            String key = string();
            expect(':');
            switch (key) {
                case "format" -> {
                    if (format != null) throw malformed("duplicate key \"format\"");
                    format = integer();
                }
                case "codePoints" -> {
                    if (codePoints != null) throw malformed("duplicate key \"codePoints\"");
                    codePoints = integerArray();
                }
                default -> throw malformed("unexpected key \"" + key + "\"");
            }
        } while (accept(','));
        expect('}');
        skipWhitespace();
        if (pos != json.length()) throw malformed("unexpected text after the closing '}'");
        if (format == null) throw malformed("no \"format\"");
        if (format != FORMAT) {
            throw new BadInputException("vocabulary format " + format + " is not supported (this version reads format "
                    + FORMAT + "); use a chargpt version that wrote this checkpoint");
        }
        if (codePoints == null) throw malformed("no \"codePoints\"");
        if (codePoints.length == 0) throw malformed("\"codePoints\" is empty");
        for (int i = 0; i < codePoints.length; i++) {
            if (codePoints[i] < 0 || codePoints[i] > MAX_CODE_POINT) {
                throw malformed("code point " + codePoints[i] + " is outside Unicode");
            }
            if (i > 0 && codePoints[i] <= codePoints[i - 1]) {
                throw malformed("code points are not strictly ascending at index " + i);
            }
        }
        return Vocabulary.ofSortedDistinct(codePoints);
    }

    private String string() {
        expect('"');
        int start = pos;
        while (pos < json.length() && json.charAt(pos) != '"') {
            if (json.charAt(pos) == '\\') throw malformed("escapes are not used in vocabulary keys");
            pos++;
        }
        if (pos == json.length()) throw malformed("unterminated string");
        return json.substring(start, pos++);
    }

    private int integer() {
        skipWhitespace();
        int start = pos;
        if (pos < json.length() && json.charAt(pos) == '-') pos++;
        while (pos < json.length() && json.charAt(pos) >= '0' && json.charAt(pos) <= '9') pos++;
        String digits = json.substring(start, pos);
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            pos = start;
            throw malformed(digits.isEmpty() || digits.equals("-") ? "expected a number" : "number out of range: " + digits);
        }
    }

    private int[] integerArray() {
        expect('[');
        if (accept(']')) return new int[0];
        int[] values = new int[16];
        int count = 0;
        do {
            if (count == values.length) values = Arrays.copyOf(values, count * 2);
            values[count++] = integer();
        } while (accept(','));
        expect(']');
        return Arrays.copyOf(values, count);
    }

    private void expect(char c) {
        if (!accept(c)) throw malformed("expected '" + c + "'");
    }

    private boolean accept(char c) {
        skipWhitespace();
        if (pos < json.length() && json.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < json.length() && " \t\r\n".indexOf(json.charAt(pos)) >= 0) pos++;
    }

    private BadInputException malformed(String problem) {
        return new BadInputException("malformed vocabulary JSON at character " + pos + ": " + problem
                + "; the checkpoint's vocabulary is damaged, use another checkpoint or retrain");
    }
}
