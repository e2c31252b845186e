package dev.chargpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's numbers are the command line's: a generation is {@code chargpt sample}'s text for the
 * same seed and settings (the window of the golden model is 8 characters, so both context policies
 * slide it many times), and a reading is {@code chargpt attention --json}'s weights, number for number.
 */
class SameNumbersTest {
    @TempDir
    Path dir;
    private ServerUnderTest served;

    @BeforeEach
    void start() throws IOException {
        served = ServerUnderTest.golden(dir);
    }

    @AfterEach
    void stop() {
        served.close();
    }

    @Test
    void aGenerationIsSamplesTextForTheSameSeed() throws Exception {
        List<JsonNode> events = served.generate("{\"prompt\":\"the boy\",\"length\":60,\"seed\":7}");

        String sample = ServerUnderTest.chargpt("sample", "--model", served.run.toString(), "--prompt", "the boy",
                "--length", "60", "--seed", "7");
        assertEquals(sample, "the boy" + ServerUnderTest.text(events) + "\n");
        assertEquals("start", events.get(0).get("type").asText());
        assertEquals(7, events.get(0).get("seed").asLong());
        assertEquals("end", events.get(events.size() - 1).get("type").asText());
        assertEquals(60, events.get(events.size() - 1).get("length").asInt());
    }

    @Test
    void everySamplingSettingMeansWhatItMeansToSample() throws Exception {
        List<JsonNode> events = served.generate("{\"prompt\":\"is in the sea\",\"length\":50,\"seed\":-3,"
                + "\"temperature\":1.3,\"topK\":5,\"topP\":0.9,\"context\":\"exact\"}");

        String sample = ServerUnderTest.chargpt("sample", "--model", served.run.toString(), "--prompt", "is in the sea",
                "--length", "50", "--seed", "-3", "--temperature", "1.3", "--top-k", "5", "--top-p", "0.9",
                "--context", "exact");
        assertEquals(sample, "is in the sea" + ServerUnderTest.text(events) + "\n");
    }

    @Test
    void unknownCharactersAreDroppedOnlyWhenAskedAsBySample() throws Exception {
        List<JsonNode> events = served.generate("{\"prompt\":\"THE sea\",\"length\":30,\"seed\":11,\"dropUnknown\":true}");

        String sample = ServerUnderTest.chargpt("sample", "--model", served.run.toString(), "--prompt", "THE sea",
                "--length", "30", "--seed", "11", "--drop-unknown");
        assertEquals(sample, "THE sea" + ServerUnderTest.text(events) + "\n");
        List<String> prompt = new ArrayList<>();
        events.get(0).get("prompt").forEach(c -> prompt.add(c.asText()));
        assertEquals(List.of(" ", "s", "e", "a"), prompt, "the prompt as the model read it");
    }

    @Test
    void theContextOfEachCharacterIsTheWindowTheModelRead() throws Exception {
        List<JsonNode> events = served.generate("{\"prompt\":\"the boy is in\",\"length\":20,\"seed\":5}");

        JsonNode start = events.get(0);
        List<Integer> promptContext = new ArrayList<>();
        start.get("context").forEach(c -> promptContext.add(c.asInt()));
        // 13 characters, block 8: the generator starts from the last 8 (from index 5).
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 6, 7), promptContext);
        List<Integer> generated = new ArrayList<>();
        events.stream().filter(e -> e.get("type").asText().equals("char")).forEach(e -> generated.add(e.get("context").asInt()));
        // shift keeps the newest half (4) of a full window: 8, then 4 5 6 7 8 again and again.
        assertEquals(List.of(8, 4, 5, 6, 7, 8, 4, 5, 6, 7, 8, 4, 5, 6, 7, 8, 4, 5, 6, 7), generated);
    }

    @Test
    void aReadingIsAttentionsJsonNumberForNumber() throws Exception {
        Path json = dir.resolve("attention.json");
        ServerUnderTest.chargpt("attention", "--model", served.run.toString(), "--prompt", "the boy\nis in the sea",
                "--out", dir.resolve("a.png").toString(), "--json", json.toString());
        JsonNode cli = ServerUnderTest.json(Files.readString(json, StandardCharsets.UTF_8));

        HttpResponse<String> response = served.post("api/attention", "{\"prompt\":\"the boy\\nis in the sea\",\"next\":\"s\"}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode api = ServerUnderTest.json(response.body());
        for (String field : List.of("tokens", "layers", "heads", "attention")) {
            assertEquals(cli.get(field), api.get(field), field);
        }
        JsonNode predictions = api.get("predictions");
        assertEquals(8, predictions.size(), "one per character read");
        for (int p = 0; p < 8; p++) {
            JsonNode prediction = predictions.get(p);
            String next = p < 7 ? api.get("tokens").get(p + 1).asText() : "s";
            assertEquals(next, prediction.get("next").asText(), "the character after position " + p);
            double probability = prediction.get("probability").asDouble();
            assertEquals(-Math.log(probability) / Math.log(2), prediction.get("bits").asDouble(), 1e-9);
            JsonNode likeliest = prediction.get("likeliest");
            assertEquals(ReadHandler.LIKELIEST, likeliest.size());
            for (int i = 1; i < likeliest.size(); i++) {
                assertTrue(likeliest.get(i - 1).get("probability").asDouble() >= likeliest.get(i).get("probability").asDouble());
            }
            for (JsonNode candidate : likeliest) {
                if (candidate.get("char").asText().equals(next)) {
                    assertEquals(probability, candidate.get("probability").asDouble());
                }
            }
        }
    }

    @Test
    void theModelsInfoNamesItsShapeCharactersAndCaps() throws Exception {
        JsonNode info = ServerUnderTest.json(served.get("api/model").body());
        assertEquals(1, info.get("layers").asInt());
        assertEquals(2, info.get("heads").asInt());
        assertEquals(8, info.get("blockSize").asInt());
        assertEquals(17, info.get("vocabulary").size());
        assertEquals("\n", info.get("vocabulary").get(0).asText());
        assertEquals(ServeLimits.DEFAULT_MAX_LENGTH, info.get("limits").get("maxLength").asInt());
        assertEquals(0, info.get("running").asInt());
    }

    @Test
    void thePageAndItsFilesComeFromTheJar() throws Exception {
        HttpResponse<String> page = served.get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "nothing from the network");
        assertEquals(200, served.get("app.js").statusCode());
        assertEquals(200, served.get("style.css").statusCode());
    }
}
