package dev.chargpt.serve;

import dev.chargpt.sample.UnknownCharacters;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /api/attention}: a text to read, as {@code chargpt attention --prompt} takes it, and
 * optionally the character that came after it, whose loss is then told too.
 *
 * @param next the code point after the text, or -1 for none
 */
record ReadRequest(String prompt, int next, UnknownCharacters unknown) {
    static final List<String> FIELDS = List.of("prompt", "next", "dropUnknown");

    static ReadRequest read(String contentType, InputStream body, ServeLimits limits) throws IOException {
        JsonRequest json = JsonRequest.read(contentType, body, FIELDS);
        String prompt = Prompts.capped(json.text("prompt", ""), "prompt", limits);
        if (prompt.isEmpty()) {
            throw ApiError.badRequest("prompt is empty; send the text whose attention to read, as in {\"prompt\": \"ROMEO:\"}");
        }
        String next = json.text("next", null);
        if (next != null && next.codePointCount(0, next.length()) != 1) {
            throw ApiError.badRequest("next must be one character, the one that came after the prompt, got \""
                    + Prompts.quoted(next) + "\"");
        }
        return new ReadRequest(prompt, next == null ? -1 : next.codePointAt(0),
                json.flag("dropUnknown", false) ? UnknownCharacters.DROP : UnknownCharacters.REJECT);
    }
}
