package dev.chargpt.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import dev.chargpt.BadInputException;
import dev.chargpt.StrictJson;
import dev.chargpt.attention.AttentionDrawing;
import dev.chargpt.attention.AttentionJson;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.AttentionWeights;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.WindowReading;
import dev.chargpt.sample.UnknownCharacters;

import java.io.IOException;

/**
 * {@code POST /api/attention}: what the model makes of a text, in one forward pass of its last
 * block-size characters. The fields {@code tokens}, {@code layers}, {@code heads} and
 * {@code attention} are {@code chargpt attention --json}'s, from the same ids through the same
 * decoder call, so the numbers are the same; {@code predictions} adds, per position, the likeliest
 * next characters and the loss of the one that came next.
 */
final class ReadHandler {
    /** The likeliest next characters told per position: enough to see what the model hesitated between. */
    static final int LIKELIEST = 10;
    /** A click waits this long for a free decoder before it is refused with 429. */
    private static final long PATIENCE_MILLIS = 10_000;

    private final DecoderPool readers;
    private final Vocabulary vocabulary;
    private final int blockSize;
    private final ServeLimits limits;

    ReadHandler(DecoderPool readers, Vocabulary vocabulary, int blockSize, ServeLimits limits) {
        this.readers = readers;
        this.vocabulary = vocabulary;
        this.blockSize = blockSize;
        this.limits = limits;
    }

    void handle(HttpExchange exchange) throws IOException, InterruptedException {
        ReadRequest request = ReadRequest.read(exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody(), limits);
        int[] ids;
        try {
            ids = AttentionDrawing.contextIds(request.prompt(), vocabulary, blockSize, request.unknown());
        } catch (BadInputException e) {
            throw Prompts.refused(e);
        }
        int next = nextId(request);
        DecoderPool.Lease lease = readers.lease(ContextPolicy.EXACT, PATIENCE_MILLIS);
        if (lease == null) {
            throw ApiError.busy("the server is busy reading other texts; try again in a moment");
        }
        WindowReading reading;
        try (lease) {
            reading = lease.model().read(ids);
        }
        AttentionWeights attention = new AttentionWeights(AttentionDrawing.tokens(vocabulary, ids), reading.attention());
        Responses.json(exchange, 200, StrictJson.write(json -> {
            json.writeStartObject();
            AttentionJson.writeFields(attention, json);
            json.writeNumberField("blockSize", blockSize);
            json.writeArrayFieldStart("predictions");
            for (int p = 0; p < ids.length; p++) {
                writePrediction(json, new NextCharacters(reading.logits()[p]), p + 1 < ids.length ? ids[p + 1] : next);
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    /** The id of the character after the text, or -1 when none was sent (or it was unknown and is dropped). */
    private int nextId(ReadRequest request) {
        if (request.next() < 0) {
            return -1;
        }
        int id = vocabulary.idOf(request.next());
        if (id < 0 && request.unknown() == UnknownCharacters.REJECT) {
            throw ApiError.badRequest("next '" + Prompts.quoted(Character.toString(request.next()))
                    + "' is not one of the model's characters; leave it out, or send \"dropUnknown\": true");
        }
        return id;
    }

    /** {@code {"likeliest":[{"char":"e","probability":0.41},...],"next":"x","probability":0.1,"bits":3.3}}. */
    private void writePrediction(JsonGenerator json, NextCharacters prediction, int next) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("likeliest");
        for (int id : prediction.likeliest(LIKELIEST)) {
            json.writeStartObject();
            json.writeStringField("char", Character.toString(vocabulary.codePointAt(id)));
            json.writeNumberField("probability", prediction.probability(id));
            json.writeEndObject();
        }
        json.writeEndArray();
        if (next >= 0) {
            json.writeStringField("next", Character.toString(vocabulary.codePointAt(next)));
            json.writeNumberField("probability", prediction.probability(next));
            json.writeNumberField("bits", prediction.bits(next));
        }
        json.writeEndObject();
    }
}
