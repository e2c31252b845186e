package dev.chargpt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON for the files chargpt writes itself (the loss history, the vocabulary), read strictly: a
 * key given twice or text after the value is an error, not a silent "last one wins" or "ignore the
 * rest", because either means the file is damaged. Readers take the tree and check each value's
 * type themselves, so a float is never quietly turned into an integer.
 */
public final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** Writes JSON into a generator; the generator's own methods throw {@link IOException}. */
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * The one JSON value in {@code text}: an empty text gives a missing node.
     *
     * @throws JsonProcessingException if the text is not exactly one valid JSON value; see {@link #reason}
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** What {@code writer} writes, compact (no spaces, no newline). */
    public static String write(Writer writer) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = MAPPER.createGenerator(text)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter cannot fail, so this is a bug in writer
        }
        return text.toString();
    }

    /**
     * Why {@link #read} refused a text, on one line and without the text itself (Jackson's full
     * message adds the source on a second line).
     */
    public static String reason(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? ""
                : at.getLineNr() > 1 ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                : " at column " + at.getColumnNr();
        // Jackson's words for trailing text name its own classes and settings.
        String message = e.getOriginalMessage().startsWith("Trailing token") ? "text after the end of the JSON value"
                : e.getOriginalMessage();
        // Some messages point at a second place as "[Source: REDACTED (...); line: 1, column: 1]".
        message = message.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
        return (message + where).replaceAll("\\p{Cntrl}", "?");
    }
}
