package dev.chargpt.serve;

import dev.chargpt.BadInputException;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.sample.SampleSettings;
import dev.chargpt.sample.TokenSampler;
import dev.chargpt.sample.UnknownCharacters;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.List;

/**
 * {@code POST /api/generate}: the same choices as {@code chargpt sample}, under the server's caps.
 * Fields are named as the settings are, so the sampler's own messages ("topK must be at least 1 ...")
 * name them as the client wrote them.
 *
 * @param seed the seed asked for, or a fresh one (the stream's first event tells it, to repeat the text)
 * @param pace at most this many characters per second, 0 for as fast as the model writes: a person can
 *             watch the text grow; the page sends it, scripts leave it out
 */
record GenerateRequest(String prompt, int length, double temperature, int topK, double topP, long seed,
                       ContextPolicy context, UnknownCharacters unknown, int pace) {
    static final List<String> FIELDS = List.of("prompt", "length", "temperature", "topK", "topP", "seed", "context",
            "dropUnknown", "pace");
    /** Faster than anyone reads; a higher pace would only hold a generation slot for nothing. */
    static final int MAX_PACE = 1_000;

    static GenerateRequest read(String contentType, InputStream body, ServeLimits limits) throws IOException {
        JsonRequest json = JsonRequest.read(contentType, body, FIELDS);
        String prompt = Prompts.capped(json.text("prompt", ""), "prompt", limits);
        Integer length = json.integer("length");
        int chosenLength = length == null ? Math.min(SampleSettings.DEFAULT_LENGTH, limits.maxLength()) : length;
        if (chosenLength < 1 || chosenLength > limits.maxLength()) {
            throw ApiError.badRequest("length must be 1 to " + limits.maxLength() + " characters (this server's cap), got "
                    + chosenLength);
        }
        Double temperature = json.number("temperature");
        Integer topK = json.integer("topK");
        Double topP = json.number("topP");
        Long seed = json.longInteger("seed");
        String context = json.text("context", ContextPolicy.SHIFT.cliName());
        if (!context.equals(ContextPolicy.SHIFT.cliName()) && !context.equals(ContextPolicy.EXACT.cliName())) {
            throw ApiError.badRequest("context must be \"shift\" or \"exact\", got \"" + Prompts.quoted(context) + "\"");
        }
        Integer pace = json.integer("pace");
        if (pace != null && (pace < 0 || pace > MAX_PACE)) {
            throw ApiError.badRequest("pace must be 0 (as fast as it writes) to " + MAX_PACE + " characters per second, got "
                    + pace);
        }
        GenerateRequest request = new GenerateRequest(prompt, chosenLength,
                temperature == null ? SampleSettings.DEFAULT_TEMPERATURE : temperature, topK == null ? 0 : topK,
                topP == null ? 1.0 : topP, seed == null ? new SecureRandom().nextLong() : seed,
                ContextPolicy.fromCliName(context),
                json.flag("dropUnknown", false) ? UnknownCharacters.DROP : UnknownCharacters.REJECT,
                pace == null ? 0 : pace);
        request.sampler(); // refuses a temperature, topK or topP out of range before any work starts
        return request;
    }

    /** The sampler {@code sample --seed} would make with these settings. */
    TokenSampler sampler() {
        try {
            return new TokenSampler(temperature, topK, topP, seed);
        } catch (BadInputException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
