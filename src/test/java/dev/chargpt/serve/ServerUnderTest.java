package dev.chargpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.cli.Main;
import dev.chargpt.fixture.CraftedCheckpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code chargpt serve}'s server in-process on a free loopback port, usually on the committed golden
 * checkpoint (1 layer, 2 heads, block 8, characters {@code \n ␣ a b e h i m n o q r s t u w y});
 * and the requests the tests send it.
 */
final class ServerUnderTest implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path run;
    final PageServer server;
    final String base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final List<String> problems = new ArrayList<>();

    /** Serves the best checkpoint of the run directory {@code run}. */
    ServerUnderTest(Path run, ServeLimits limits) {
        this.run = run;
        server = PageServer.start(CheckpointFile.read(run.resolve("best.zip")), run.getFileName().toString(), "best",
                "127.0.0.1", 0, limits, problems::add);
        base = server.url();
    }

    /** The golden checkpoint, copied into a run directory under {@code dir}. */
    static ServerUnderTest golden(Path dir, ServeLimits limits) throws IOException {
        return new ServerUnderTest(CraftedCheckpoint.goldenRun(dir), limits);
    }

    static ServerUnderTest golden(Path dir) throws IOException {
        return golden(dir, ServeLimits.defaults());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The events of a whole generation, one JSON object per line; fails unless it was answered 200. */
    List<JsonNode> generate(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = post("api/generate", body);
        if (response.statusCode() != 200) {
            throw new AssertionError("status " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            events.add(json(line));
        }
        return events;
    }

    /** The generated characters of a generation's events, as one text. */
    static String text(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("type").asText().equals("char")).map(e -> e.get("char").asText())
                .collect(Collectors.joining());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code chargpt ARGS} in-process: its stdout; fails unless it exits 0. */
    static String chargpt(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new AssertionError("chargpt " + String.join(" ", args) + " exited " + code + ": " + err);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
