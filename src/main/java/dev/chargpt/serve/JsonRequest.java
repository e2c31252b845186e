package dev.chargpt.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A request's body: one JSON object, read strictly (a key given twice, text after the object or a
 * field of the wrong type is refused, not guessed at) and at most {@link #MAX_BYTES} long, so no
 * request can make the server hold more than that. Each refusal is one sentence naming the field.
 */
final class JsonRequest {
    /** A prompt at the default cap, every character escaped as a surrogate pair, fits with room to spare. */
    static final int MAX_BYTES = 64 * 1024;

    private final JsonNode object;

    private JsonRequest(JsonNode object) {
        this.object = object;
    }

    /**
     * @param contentType the request's Content-Type header, or null
     * @param fields      the fields this request may have: any other is refused, so a typo
     *                    ({@code "temprature"}) is not silently ignored
     */
    static JsonRequest read(String contentType, InputStream body, List<String> fields) throws IOException {
        // Asking for JSON keeps other sites' pages out: a browser sends a cross-site POST with this type
        // only after a preflight, which this server never answers.
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the request as JSON with the header Content-Type: application/json");
        }
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw ApiError.tooLarge("the request is larger than " + MAX_BYTES / 1024 + " KB; send a shorter prompt");
        }
        JsonNode object;
        try {
            object = StrictJson.read(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request is not valid JSON (" + StrictJson.reason(e) + "); send one JSON object");
        }
        if (object == null || !object.isObject()) {
            throw ApiError.badRequest("the request must be one JSON object, such as {\"prompt\": \"ROMEO:\"}");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiError.badRequest("unknown field \"" + Prompts.quoted(name) + "\"; the fields are " + String.join(", ", fields));
            }
        }
        return new JsonRequest(object);
    }

    /** The string field, or {@code fallback} when absent or null. */
    String text(String name, String fallback) {
        String value = typed(name, JsonNode::isTextual, "a string", JsonNode::textValue);
        return value == null ? fallback : value;
    }

    /** A whole number that fits in an int, or null when absent. */
    Integer integer(String name) {
        return typed(name, v -> v.isIntegralNumber() && v.canConvertToInt(), "a whole number", JsonNode::intValue);
    }

    /** A whole number that fits in 64 bits (a seed), or null when absent. */
    Long longInteger(String name) {
        return typed(name, v -> v.isIntegralNumber() && v.canConvertToLong(), "a whole number between -2^63 and 2^63 - 1",
                JsonNode::longValue);
    }

    /** Any JSON number, or null when absent. */
    Double number(String name) {
        return typed(name, JsonNode::isNumber, "a number", JsonNode::doubleValue);
    }

    boolean flag(String name, boolean fallback) {
        Boolean value = typed(name, JsonNode::isBoolean, "true or false", JsonNode::booleanValue);
        return value == null ? fallback : value;
    }

    /** The field's value if {@code fits} it, null when absent; otherwise a refusal that says what was {@code wanted}. */
    private <T> T typed(String name, Predicate<JsonNode> fits, String wanted, Function<JsonNode, T> read) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        if (!fits.test(value)) {
            throw ApiError.badRequest(name + " must be " + wanted + ", got " + Prompts.quoted(value.toString()));
        }
        return read.apply(value);
    }

    /** Absent and null mean the same: the default. */
    private JsonNode value(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }
}
