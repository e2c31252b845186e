package dev.chargpt.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.chargpt.OneLineReason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Every request's way to its answer: the page's files, the three API calls, and a JSON error for
 * anything else. Whatever goes wrong becomes one sentence with a 4xx status (the client's to fix) or
 * 500 (the server's, also told to {@code problems}); a client that went away gets nothing.
 */
final class Routes implements HttpHandler {
    private final PageAssets assets;
    private final ModelInfo info;
    private final GenerateHandler generate;
    private final ReadHandler read;
    private final Consumer<String> problems;

    Routes(PageAssets assets, ModelInfo info, GenerateHandler generate, ReadHandler read, Consumer<String> problems) {
        this.assets = assets;
        this.info = info;
        this.generate = generate;
        this.read = read;
        this.problems = problems;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (ApiError e) {
            answer(exchange, e);
        } catch (IOException | UncheckedIOException clientGone) {
            // nothing to answer: the connection is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        } catch (RuntimeException | Error e) {
            problems.accept("a request to " + exchange.getRequestURI().getPath() + " failed: " + OneLineReason.of(e));
            answer(exchange, new ApiError(500, "the server failed to answer (" + OneLineReason.of(e) + "); try again"));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/api/model" -> {
                only("GET", exchange);
                Responses.json(exchange, 200, info.json());
            }
            case "/api/generate" -> {
                only("POST", exchange);
                generate.handle(exchange);
            }
            case "/api/attention" -> {
                only("POST", exchange);
                read.handle(exchange);
            }
            default -> {
                PageAssets.Asset asset = path.startsWith("/api/") ? null : assets.at(path);
                if (asset == null) {
                    throw new ApiError(404, "nothing at " + Prompts.quoted(path) + "; the page is at / and the API at"
                            + " /api/model, /api/generate and /api/attention");
                }
                only("GET", exchange);
                Responses.send(exchange, 200, asset.contentType(), asset.bytes());
            }
        }
    }

    private static void only(String method, HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new ApiError(405, exchange.getRequestURI().getPath() + " takes " + method + " requests, not "
                    + Prompts.quoted(exchange.getRequestMethod()));
        }
    }

    /** The error as JSON, unless the answer had already begun (a stream): then the stream just ends. */
    private static void answer(HttpExchange exchange, ApiError error) {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            Responses.error(exchange, error);
        } catch (IOException clientGone) {
            // nobody to tell
        }
    }
}
