package dev.chargpt.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.StrictJson;

import java.io.IOException;
import java.util.List;

/**
 * One line of the loss history, one {@link LossRecord}: a flat JSON object of numbers and nulls,
 * <pre>{"step":5000,"epoch":3,"train_loss":1.2345,"val_loss":null,"lr":6.0E-4,"elapsed_s":812.5}</pre>
 * Numbers are written as {@link Double#toString} writes them, which round-trips every double
 * exactly and never depends on the default locale.
 */
final class HistoryRow {

    private static final List<String> KEYS =
            List.of("step", "epoch", "train_loss", "val_loss", "lr", "elapsed_s");

    private HistoryRow() {
    }

    /** The line for {@code r}, without its newline. */
    static String encode(LossRecord r) {
        return StrictJson.write(json -> {
            json.writeStartObject();
            json.writeNumberField("step", r.step());
            json.writeNumberField("epoch", r.epoch());
            real(json, "train_loss", r.trainLoss());
            real(json, "val_loss", r.validationLoss());
            real(json, "lr", r.learningRate());
            real(json, "elapsed_s", r.elapsedSeconds());
            json.writeEndObject();
        });
    }

    /**
     * JSON has no NaN or infinity. NaN means "not measured", which is what null says. A diverged
     * run's infinite loss must stay infinite, not turn into "not measured": 1e999 is valid JSON
     * that Java, Python and JavaScript all parse back as infinity.
     */
    private static void real(JsonGenerator json, String key, double value) throws IOException {
        json.writeFieldName(key);
        if (Double.isNaN(value)) {
            json.writeNull();
        } else if (Double.isInfinite(value)) {
            json.writeNumber(value > 0 ? "1e999" : "-1e999");
        } else {
            json.writeNumber(value); // Double.toString, the format of every history written so far
        }
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
        JsonNode row;
        try {
            row = StrictJson.read(line);
        } catch (JsonProcessingException e) {
            throw new Malformed(StrictJson.reason(e));
        }
        if (!row.isObject()) {
            throw new Malformed("not a JSON object");
        }
        for (String key : KEYS) {
            if (!row.has(key)) {
                throw new Malformed("\"" + key + "\" is missing");
            }
        }
        // Keys beyond KEYS are ignored, so a newer chargpt can add a column without breaking
        // an older reader of the same run directory.
        long step = wholeNumber(row, "step");
        long epoch = wholeNumber(row, "epoch");
        if (epoch > Integer.MAX_VALUE) {
            throw new Malformed("\"epoch\" " + epoch + " is too large");
        }
        try {
            return new LossRecord(step, (int) epoch, real(row, "train_loss"), real(row, "val_loss"),
                    real(row, "lr"), real(row, "elapsed_s"));
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
    }

    private static long wholeNumber(JsonNode row, String key) throws Malformed {
        JsonNode value = row.get(key);
        if (!value.isIntegralNumber()) { // 5.0 and 5e3 are floats in JSON's grammar, and so refused
            throw new Malformed("\"" + key + "\" must be a whole number, found " + value);
        }
        if (!value.canConvertToLong()) {
            throw new Malformed("\"" + key + "\" " + value + " is too large");
        }
        return value.longValue();
    }

    private static double real(JsonNode row, String key) throws Malformed {
        JsonNode value = row.get(key);
        if (value.isNull()) {
            return Double.NaN;
        }
        if (!value.isNumber()) {
            throw new Malformed("\"" + key + "\" must be a number or null, found " + value);
        }
        return value.doubleValue();
    }

    /** Why one line is not a loss record; becomes part of a one-line {@link dev.chargpt.BadInputException}. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            // The reason may quote text from the file; keep the final message on one line.
            super(reason.replaceAll("\\p{Cntrl}", "?"), null, false, false);
        }
    }
}
