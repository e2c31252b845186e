package dev.chargpt.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.chargpt.StrictJson;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** How every answer of the server is sent: JSON with a status, or an error as {@code {"error": "..."}}. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange exchange, ApiError error) throws IOException {
        if (error.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        json(exchange, error.status(), StrictJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("error", error.getMessage());
            json.writeEndObject();
        }));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
