package dev.chargpt.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's three files, read from the jar once: no CDN and no build step, so the page works with
 * no network at all. Only these names are served, so no path can reach anything else in the jar.
 */
final class PageAssets {
    private static final String FOLDER = "/dev/chargpt/serve/page/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    /** A file's bytes and content type. */
    record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets;

    PageAssets() {
        assets = Map.copyOf(TYPES.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                entry -> new Asset(entry.getValue(), read(entry.getKey())))));
    }

    /** The asset at a request path ({@code /} is the page), or null. */
    Asset at(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        return assets.get(name);
    }

    private static byte[] read(String name) {
        try (InputStream in = PageAssets.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the page's " + name + " is missing from the jar; rebuild chargpt");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
