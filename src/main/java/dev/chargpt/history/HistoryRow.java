package dev.chargpt.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One line of the loss history, one {@link LossRecord}: a flat JSON object whose values are
 * numbers or null,
 * <pre>{"step":5000,"epoch":3,"train_loss":1.2345,"val_loss":null,"lr":6.0E-4,"elapsed_s":812.5}</pre>
 * NaN ("not measured on this row") is written as {@code null}. Written by hand so the history
 * adds no dependency. Nothing here depends on the default locale: {@link Double#toString} and
 * {@link Double#parseDouble} always use '.' and round-trip every double exactly.
 */
final class HistoryRow {

    private static final List<String> KEYS =
            List.of("step", "epoch", "train_loss", "val_loss", "lr", "elapsed_s");
    private static final Pattern JSON_NUMBER =
            Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final Pattern JSON_INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");

    private HistoryRow() {
    }

    /** The line for {@code r}, without its newline. */
    static String encode(LossRecord r) {
        return "{\"step\":" + r.step()
                + ",\"epoch\":" + r.epoch()
                + ",\"train_loss\":" + number(r.trainLoss())
                + ",\"val_loss\":" + number(r.validationLoss())
                + ",\"lr\":" + number(r.learningRate())
                + ",\"elapsed_s\":" + number(r.elapsedSeconds())
                + "}";
    }

    /**
     * JSON has no NaN or infinity. NaN means "not measured", which is what null says. A
     * diverged run's infinite loss must stay infinite, not turn into "not measured": 1e999 is
     * valid JSON that Java, Python and JavaScript all parse back as infinity.
     */
    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "null";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "1e999" : "-1e999";
        }
        return Double.toString(value);
    }

    static boolean isRow(String line) {
        try {
            decode(line);
            return true;
        } catch (Malformed e) {
            return false;
        }
    }

    static LossRecord decode(String line) throws Malformed {
        Map<String, String> fields = new FlatObjectParser(line).parse();
        for (String key : KEYS) {
            if (!fields.containsKey(key)) {
                throw new Malformed("\"" + key + "\" is missing");
            }
        }
        // Keys beyond KEYS are ignored, so a newer chargpt can add a column without breaking
        // an older reader of the same run directory.
        long step = wholeNumber(fields, "step");
        long epoch = wholeNumber(fields, "epoch");
        if (epoch > Integer.MAX_VALUE) {
            throw new Malformed("\"epoch\" " + epoch + " is too large");
        }
        try {
            return new LossRecord(step, (int) epoch,
                    real(fields, "train_loss"), real(fields, "val_loss"),
                    real(fields, "lr"), real(fields, "elapsed_s"));
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
    }

    private static long wholeNumber(Map<String, String> fields, String key) throws Malformed {
        String value = fields.get(key);
        if (!JSON_INTEGER.matcher(value).matches()) {
            throw new Malformed("\"" + key + "\" must be a whole number, found " + value);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Malformed("\"" + key + "\" " + value + " is too large");
        }
    }

    private static double real(Map<String, String> fields, String key) {
        String value = fields.get(key);
        return value.equals("null") ? Double.NaN : Double.parseDouble(value);
    }

    /** Why one line is not a loss record; becomes part of a one-line {@link dev.chargpt.BadInputException}. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            // The reason may quote text from the file; keep the final message on one line.
            super(reason.replaceAll("\\p{Cntrl}", "?"), null, false, false);
        }
    }

    /**
     * Parses {@code {"key": scalar, ...}} where a scalar is a JSON number or null, into key ->
     * the scalar's text. Exactly what the history needs, and no more: no nesting, no strings as
     * values, no escapes in keys.
     */
    private static final class FlatObjectParser {
        private static final Pattern NUMBER = JSON_NUMBER;

        private final String text;
        private int position;

        FlatObjectParser(String text) {
            this.text = text;
        }

        Map<String, String> parse() throws Malformed {
            Map<String, String> fields = new HashMap<>();
            expect('{');
            if (!lookingAt('}')) {
                do {
                    String key = key();
                    expect(':');
                    String value = scalar(key);
                    if (fields.put(key, value) != null) {
                        throw new Malformed("\"" + key + "\" appears twice");
                    }
                } while (consume(','));
            }
            expect('}');
            skipWhitespace();
            if (position < text.length()) {
                throw new Malformed("unexpected text after the closing brace at column " + column());
            }
            return fields;
        }

        private String key() throws Malformed {
            expect('"');
            int close = text.indexOf('"', position);
            if (close < 0) {
                throw new Malformed("unterminated key at column " + column());
            }
            String key = text.substring(position, close);
            if (key.indexOf('\\') >= 0) {
                throw new Malformed("escaped characters in key \"" + key + "\" are not supported");
            }
            position = close + 1;
            return key;
        }

        private String scalar(String key) throws Malformed {
            skipWhitespace();
            int start = position;
            while (position < text.length() && "+-.0123456789eEnul".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String value = text.substring(start, position);
            if (value.equals("null") || NUMBER.matcher(value).matches()) {
                return value;
            }
            throw new Malformed("\"" + key + "\" must be a number or null, at column " + (start + 1));
        }

        private void expect(char wanted) throws Malformed {
            if (!consume(wanted)) {
                throw new Malformed("expected '" + wanted + "' at column " + column());
            }
        }

        private boolean consume(char wanted) {
            if (lookingAt(wanted)) {
                position++;
                return true;
            }
            return false;
        }

        private boolean lookingAt(char wanted) {
            skipWhitespace();
            return position < text.length() && text.charAt(position) == wanted;
        }

        private void skipWhitespace() {
            // JSON whitespace; '\r' included so a file edited on Windows still reads
            while (position < text.length() && " \t\r".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        private int column() {
            return position + 1;
        }
    }
}
