package dev.chargpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request past a cap or malformed gets a 4xx and {@code {"error": "..."}}: one plain sentence
 * that names the field and the fix, no stack trace, no Java class names.
 */
class RefusalsTest {
    @TempDir
    Path dir;
    private ServerUnderTest served;

    @BeforeEach
    void start() throws IOException {
        served = ServerUnderTest.golden(dir, new ServeLimits(100, 50, 2));
    }

    @AfterEach
    void stop() {
        served.close();
    }

    @Test
    void aLengthPastTheCap() throws Exception {
        assertRefused(served.post("api/generate", "{\"length\":101}"), 400, "length must be 1 to 100 characters", "got 101");
        assertRefused(served.post("api/generate", "{\"length\":0}"), 400, "length must be 1 to 100");
    }

    @Test
    void aPromptPastTheCap() throws Exception {
        String prompt = "the sea ".repeat(7); // 56 characters
        assertRefused(served.post("api/generate", "{\"prompt\":\"" + prompt + "\"}"), 413, "prompt has 56 characters",
                "(50)");
        assertRefused(served.post("api/attention", "{\"prompt\":\"" + prompt + "\"}"), 413, "prompt has 56 characters");
    }

    @Test
    void aBodyPastTheCap() throws Exception {
        assertRefused(served.post("api/generate", "{\"prompt\":\"" + "a".repeat(JsonRequest.MAX_BYTES) + "\"}"), 413,
                "larger than 64 KB");
    }

    @Test
    void charactersOutsideTheVocabularyAsSampleRefusesThem() throws Exception {
        assertRefused(served.post("api/generate", "{\"prompt\":\"ROMEO\"}"), 400, "prompt:", "\"dropUnknown\": true");
        assertRefused(served.post("api/attention", "{\"prompt\":\"ROMEO\",\"dropUnknown\":true}"), 400,
                "no character the model knows");
        assertRefused(served.post("api/attention", "{\"prompt\":\"the\",\"next\":\"Z\"}"), 400, "next 'Z'");
    }

    @Test
    void samplingValuesOutOfRangeInTheSamplersOwnWords() throws Exception {
        assertRefused(served.post("api/generate", "{\"temperature\":-1}"), 400, "temperature must be a finite number >= 0");
        assertRefused(served.post("api/generate", "{\"topK\":-2}"), 400, "topK must be at least 1");
        assertRefused(served.post("api/generate", "{\"topP\":1.5}"), 400, "topP must be in (0, 1]");
        assertRefused(served.post("api/generate", "{\"context\":\"sideways\"}"), 400, "context must be \"shift\" or \"exact\"");
        assertRefused(served.post("api/generate", "{\"pace\":5000}"), 400, "pace must be");
    }

    @Test
    void malformedRequests() throws Exception {
        assertRefused(served.post("api/generate", "{\"prompt\": "), 400, "not valid JSON");
        assertRefused(served.post("api/generate", "[1, 2]"), 400, "one JSON object");
        assertRefused(served.post("api/generate", "{\"length\":\"many\"}"), 400, "length must be a whole number", "\"many\"");
        assertRefused(served.post("api/generate", "{\"length\":2.5}"), 400, "length must be a whole number");
        assertRefused(served.post("api/generate", "{\"seed\":12345678901234567890}"), 400, "seed must be a whole number");
        assertRefused(served.post("api/generate", "{\"temprature\":1}"), 400, "unknown field \"temprature\"");
        assertRefused(served.post("api/generate", "{\"length\":5,\"length\":6}"), 400, "not valid JSON", "Duplicate");
        assertRefused(served.post("api/attention", "{}"), 400, "prompt is empty");
        assertRefused(served.post("api/attention", "{\"prompt\":\"the\",\"next\":\"se\"}"), 400, "next must be one character");
        assertRefused(served.client.send(HttpRequest.newBuilder(URI.create(served.base + "api/generate"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()), 415, "Content-Type: application/json");
    }

    @Test
    void wrongPathsAndMethods() throws Exception {
        assertRefused(served.get("api/generate"), 405, "/api/generate takes POST requests, not GET");
        assertRefused(served.get("api/nothing"), 404, "nothing at /api/nothing");
        assertRefused(served.get("../../etc/passwd"), 404, "nothing at");
        assertRefused(served.get("dev/chargpt/serve/page/app.js"), 404, "nothing at");
    }

    /** A 4xx with exactly one field, error: one line, with {@code expected} in it and no trace of Java. */
    static void assertRefused(HttpResponse<String> response, int status, String... expected) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response::toString);
        JsonNode body = ServerUnderTest.json(response.body());
        Iterator<String> fields = body.fieldNames();
        assertEquals("error", fields.next());
        assertFalse(fields.hasNext(), "only the error: " + body);
        String sentence = body.get("error").asText();
        for (String part : expected) {
            assertTrue(sentence.contains(part), "'" + part + "' in: " + sentence);
        }
        assertFalse(sentence.contains("\n"), "one line: " + sentence);
        assertFalse(sentence.matches(".*(Exception|\\bat [a-z]+\\.|java\\.|com\\.fasterxml).*"), "no Java in: " + sentence);
    }
}
