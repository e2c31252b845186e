package dev.chargpt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chargpt.StrictJson;
import dev.chargpt.chart.AttentionPicture;
import dev.chargpt.fixture.CraftedCheckpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chargpt attention} on a real checkpoint: the golden one (1 layer, 2 heads, block 8,
 * characters {@code \n ␣ a b e h i m n o q r s t u w y}).
 */
class AttentionCommandTest {

    @TempDir
    Path dir;
    private Path model;

    @BeforeEach
    void copyTheGoldenCheckpoint() throws IOException {
        model = CraftedCheckpoint.goldenRun(dir);
    }

    private CliRun attention(String... options) {
        List<String> args = new ArrayList<>(List.of("attention", "--model", model.toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void drawsEveryLayerAndHeadAndWritesTheWeightsAsJson() throws IOException {
        Path png = dir.resolve("out/attention.png");
        Path json = dir.resolve("out/attention.json");

        CliRun run = attention("--prompt", "the boy\nis in the sea", "--out", png.toString(), "--json", json.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("1 layers x 2 heads over 8 characters"), run::toString);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a PNG");
        assertEquals(AttentionPicture.gridSize(1, 2, 8), new Dimension(image.getWidth(), image.getHeight()));

        JsonNode root = StrictJson.read(Files.readString(json, StandardCharsets.UTF_8));
        List<String> tokens = new ArrayList<>();
        root.get("tokens").forEach(token -> tokens.add(token.asText()));
        assertEquals(List.of(" ", "t", "h", "e", " ", "s", "e", "a"), tokens, "the prompt's last block-size characters");
        JsonNode attention = root.get("attention");
        assertEquals(1, attention.size());
        assertEquals(2, attention.get(0).size());
        for (JsonNode head : attention.get(0)) {
            assertEquals(8, head.size());
            for (int q = 0; q < 8; q++) {
                assertEquals(8, head.get(q).size());
                double sum = 0;
                for (int k = 0; k < 8; k++) {
                    double weight = head.get(q).get(k).asDouble();
                    if (k > q) {
                        assertEquals(0.0, weight);
                    }
                    sum += weight;
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void drawsOneHeadLarge() throws IOException {
        Path png = dir.resolve("head.png");

        CliRun run = attention("--prompt", "the sea", "--layer", "0", "--head", "1", "--out", png.toString());

        assertEquals(0, run.exitCode(), run::toString);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(AttentionPicture.singleSize(7), new Dimension(image.getWidth(), image.getHeight()));
    }

    @Test
    void dropsUnknownCharactersWhenAsked() throws IOException {
        Path json = dir.resolve("a.json");

        CliRun run = attention("--prompt", "THE sea", "--drop-unknown", "--out", dir.resolve("a.png").toString(),
                "--json", json.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(4, StrictJson.read(Files.readString(json)).get("tokens").size(), "' sea' is left");
    }

    @Test
    void refusesUnknownCharacters() throws IOException {
        assertRefused(List.of("--prompt", "ROMEO: the sea"), "prompt:", "--drop-unknown");
    }

    @Test
    void refusesAPromptWithNothingLeftAfterDropping() throws IOException {
        assertRefused(List.of("--prompt", "ROMEO", "--drop-unknown"), "--prompt has no character the model knows");
    }

    @Test
    void refusesAnEmptyPrompt() throws IOException {
        assertRefused(List.of("--prompt", ""), "--prompt is empty");
    }

    @Test
    void refusesNoPromptAtAll() throws IOException {
        assertRefused(List.of(), "prompt");
    }

    @Test
    void refusesALayerOutOfRange() throws IOException {
        assertRefused(List.of("--prompt", "the sea", "--layer", "1", "--head", "0"), "--layer must be 0 to 0", "got 1");
    }

    @Test
    void refusesAHeadOutOfRange() throws IOException {
        assertRefused(List.of("--prompt", "the sea", "--layer", "0", "--head", "2"), "--head must be 0 to 1", "got 2");
    }

    @Test
    void refusesANegativeHead() throws IOException {
        assertRefused(List.of("--prompt", "the sea", "--layer", "0", "--head", "-1"), "--head must be an integer >= 0");
    }

    @Test
    void refusesALayerWithoutAHead() throws IOException {
        assertRefused(List.of("--prompt", "the sea", "--layer", "0"), "--layer and --head go together");
    }

    /** Exit 2, one line naming the problem, and no file written or changed. */
    private void assertRefused(List<String> options, String... fragments) throws IOException {
        List<String> before = files();
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--out", dir.resolve("refused.png").toString(), "--json", dir.resolve("refused.json").toString()));

        CliRun run = attention(args.toArray(String[]::new));

        UsageErrorTest.assertUsageError(run, fragments);
        assertEquals(before, files(), "nothing written");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.map(path -> path + " " + path.toFile().length() + " " + path.toFile().lastModified()).sorted().toList();
        }
    }
}
