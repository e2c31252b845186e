package dev.chargpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generations take slots: one past the cap is refused with 429 at once, a client that goes away
 * mid-stream gives its slot back within a character or two, and a stopping server ends every stream.
 */
class GenerationSlotsTest {
    /** Slow enough that the stream is surely still running while the test acts. */
    private static final String SLOW = "{\"prompt\":\"the \",\"length\":100,\"seed\":1,\"pace\":20}";

    @TempDir
    Path dir;
    private ServerUnderTest served;

    @BeforeEach
    void start() throws IOException {
        served = ServerUnderTest.golden(dir, new ServeLimits(100, 50, 1));
    }

    @AfterEach
    void stop() {
        served.close();
    }

    @Test
    void oneGenerationPastTheCapIsRefusedWith429() throws Exception {
        try (Stream slow = Stream.open(served, SLOW)) {
            slow.awaitCharacters(2);
            HttpResponse<String> second = served.post("api/generate", "{\"length\":5}");
            RefusalsTest.assertRefused(second, 429, "all 1 generations", "try again");
            assertEquals("1", second.headers().firstValue("Retry-After").orElse(""));
            assertEquals(1, ServerUnderTest.json(served.get("api/model").body()).get("running").asInt());
            assertEquals(200, served.post("api/attention", "{\"prompt\":\"the\"}").statusCode(), "reading needs no generation slot");
        }
    }

    @Test
    void aClientThatGoesAwayMidStreamFreesItsGeneration() throws Exception {
        Stream slow = Stream.open(served, SLOW);
        slow.awaitCharacters(3);
        assertEquals(1, served.server.generationsRunning());

        slow.close(); // mid-stream: 97 characters still to come, about 5 seconds at this pace
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (served.server.generationsRunning() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertEquals(0, served.server.generationsRunning(), "the slot is free well before the text would have ended");
        List<JsonNode> next = served.generate("{\"prompt\":\"the \",\"length\":10,\"seed\":1}");
        assertEquals(10, ServerUnderTest.text(next).length(), "and the next client gets it");
    }

    @Test
    void aStoppingServerEndsTheStreamsItRuns() throws Exception {
        try (Stream slow = Stream.open(served, SLOW)) {
            slow.awaitCharacters(2);
            served.server.close();
            String last = slow.lastLine();
            assertTrue(last.contains("\"type\":\"error\"") && last.contains("the server is stopping"), last);
            assertEquals(0, served.server.generationsRunning());
        }
    }

    /** A generation read line by line over a plain socket, so the test can hang up whenever it likes. */
    private static final class Stream implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        private Stream(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        static Stream open(ServerUnderTest served, String body) throws IOException {
            URI base = URI.create(served.base);
            Socket socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/generate HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            Stream stream = new Stream(socket);
            String status = stream.in.readLine();
            assertTrue(status.startsWith("HTTP/1.1 200"), status);
            return stream;
        }

        /** Reads until {@code count} characters have come (chunk sizes are lines of their own). */
        void awaitCharacters(int count) throws IOException {
            int seen = 0;
            while (seen < count) {
                String line = in.readLine();
                if (line == null) {
                    throw new AssertionError("the stream ended after " + seen + " characters");
                }
                if (line.contains("\"type\":\"char\"")) {
                    seen++;
                }
            }
        }

        /** The last event line before the stream ends. */
        String lastLine() throws IOException {
            String last = "";
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
            return last;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
