package dev.chargpt.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.BadInputException;
import dev.chargpt.StrictJson;

import java.util.Iterator;
import java.util.Set;

/**
 * The vocabulary's file format, {@code {"format":1,"codePoints":[10,32,...]}}. The reader accepts
 * any whitespace and either key order, and rejects anything else (another key, a key twice, a
 * code point that is not a whole number inside Unicode, or not in strictly ascending order),
 * because a checkpoint with a damaged vocabulary would otherwise decode to the wrong characters.
 */
final class VocabularyJson {

    static final int FORMAT = 1;
    private static final Set<String> KEYS = Set.of("format", "codePoints");

    private VocabularyJson() {
    }

    static String write(int[] codePoints) {
        return StrictJson.write(json -> {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeArrayFieldStart("codePoints");
            for (int codePoint : codePoints) {
                json.writeNumber(codePoint);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static Vocabulary read(String json) {
        if (json == null) {
            throw new BadInputException("vocabulary JSON is missing; the checkpoint is incomplete, use another checkpoint");
        }
        JsonNode root;
        try {
            root = StrictJson.read(json);
        } catch (JsonProcessingException e) {
            throw malformed(StrictJson.reason(e));
        }
        if (!root.isObject()) {
            throw malformed("not a JSON object");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw malformed("unexpected key \"" + key + "\"");
            }
        }
        JsonNode format = root.get("format");
        if (format == null) throw malformed("no \"format\"");
        if (!format.isInt()) throw malformed("\"format\" must be a whole number, found " + format);
        if (format.intValue() != FORMAT) {
            throw new BadInputException("vocabulary format " + format.intValue() + " is not supported (this version reads format "
                    + FORMAT + "); use a chargpt version that wrote this checkpoint");
        }
        return Vocabulary.ofSortedDistinct(codePoints(root.get("codePoints")));
    }

    private static int[] codePoints(JsonNode array) {
        if (array == null) throw malformed("no \"codePoints\"");
        if (!array.isArray()) throw malformed("\"codePoints\" must be an array, found " + array);
        if (array.isEmpty()) throw malformed("\"codePoints\" is empty");
        int[] codePoints = new int[array.size()];
        for (int i = 0; i < codePoints.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isIntegralNumber()) {
                throw malformed("code point at index " + i + " must be a whole number, found " + value);
            }
            if (!value.canConvertToInt() || value.intValue() < 0 || value.intValue() > Character.MAX_CODE_POINT) {
                throw malformed("code point " + value + " is outside Unicode");
            }
            codePoints[i] = value.intValue();
            if (i > 0 && codePoints[i] <= codePoints[i - 1]) {
                throw malformed("code points are not strictly ascending at index " + i);
            }
        }
        return codePoints;
    }

    private static BadInputException malformed(String problem) {
        return new BadInputException("malformed vocabulary JSON: " + problem
                + "; the checkpoint's vocabulary is damaged, use another checkpoint or retrain");
    }
}
