package dev.chargpt.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.chargpt.StrictJson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answer of {@code POST /api/generate}: newline-delimited JSON, one event per line, each sent
 * the moment it exists (chunked, flushed), so the page shows every character as it is chosen:
 * {@code start} (the seed, the prompt as the model reads it), one {@code char} per generated
 * character, {@code end}. A client that has gone away makes the next write fail, which ends the
 * generation (and frees its decoder) at once.
 */
final class GenerationStream {
    static final String CONTENT_TYPE = "application/x-ndjson; charset=utf-8";

    private final OutputStream out;
    private final int pace;
    private final long startedNanos = System.nanoTime();
    private int written;

    private GenerationStream(OutputStream out, int pace) {
        this.out = out;
        this.pace = pace;
    }

    /** Sends the status and headers: from here on, problems can only be told in the stream. */
    static GenerationStream open(HttpExchange exchange, int pace) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, 0); // 0: chunked, length unknown
        return new GenerationStream(exchange.getResponseBody(), pace);
    }

    /**
     * @param prompt  the prompt's characters as the model reads them
     * @param context per prompt character, how many characters before it the model reads to predict it
     */
    void start(long seed, int blockSize, List<String> prompt, int[] context) {
        event(json -> {
            json.writeStartObject();
            json.writeStringField("type", "start");
            json.writeNumberField("seed", seed);
            json.writeNumberField("blockSize", blockSize);
            json.writeArrayFieldStart("prompt");
            for (String character : prompt) {
                json.writeString(character);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("context");
            for (int length : context) {
                json.writeNumber(length);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** One generated character and how many characters before it the model read to choose it; paced. */
    void character(int codePoint, int context) {
        waitForPace();
        event(json -> {
            json.writeStartObject();
            json.writeStringField("type", "char");
            json.writeStringField("char", Character.toString(codePoint));
            json.writeNumberField("context", context);
            json.writeEndObject();
        });
        written++;
    }

    void end() {
        event(json -> {
            json.writeStartObject();
            json.writeStringField("type", "end");
            json.writeNumberField("length", written);
            json.writeEndObject();
        });
    }

    /** A failure after the 200 was sent: the last line says what happened. */
    void error(String sentence) {
        event(json -> {
            json.writeStartObject();
            json.writeStringField("type", "error");
            json.writeStringField("error", sentence);
            json.writeEndObject();
        });
    }

    /** Unchecked, so it can leave the generator's callback: a client gone away ends the generation. */
    private void event(StrictJson.Writer writer) {
        try {
            out.write((StrictJson.write(writer) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void waitForPace() {
        if (pace == 0) {
            return;
        }
        long due = startedNanos + written * 1_000_000_000L / pace;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationStopped();
            }
        }
    }

    /** The server is stopping (or the thread was interrupted): the generation ends where it is. */
    static final class GenerationStopped extends RuntimeException {
        GenerationStopped() {
            super("the server is stopping", null, false, false);
        }
    }
}
