package dev.chargpt.chart;

import dev.chargpt.decoder.AttentionWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionPictureTest {

    @TempDir
    Path dir;

    /** Head 0 looks at the character itself, head 1 at the previous one (the first at itself). */
    private static AttentionWeights diagonalAndPrevious(int layers, int t) {
        float[][][][] weights = new float[layers][2][t][t];
        for (float[][][] layer : weights) {
            for (int q = 0; q < t; q++) {
                layer[0][q][q] = 1f;
                layer[1][q][Math.max(0, q - 1)] = 1f;
            }
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            tokens.add(i % 5 == 4 ? "\n" : i % 3 == 2 ? " " : "a");
        }
        return new AttentionWeights(tokens, weights);
    }

    @Test
    void gridHasOneCellPerLayerAndHeadWithTheMaskInGreyAndFullWeightDark() throws IOException {
        AttentionWeights attention = diagonalAndPrevious(3, 64);
        Path png = dir.resolve("charts/run/attention.png");

        AttentionPicture.grid(attention, "chargpt test", png);

        BufferedImage image = ImageIO.read(png.toFile());
        Dimension size = AttentionPicture.gridSize(3, 2, 64);
        assertEquals(size.width, image.getWidth());
        assertEquals(size.height, image.getHeight());
        int scale = AttentionPicture.gridScale(64);
        int x = AttentionPicture.GRID_LEFT + scale / 2;
        int y = AttentionPicture.GRID_TOP + scale / 2;
        assertEquals(AttentionPicture.colour(1f).getRGB(), image.getRGB(x, y), "query 0 looks at itself");
        assertEquals(AttentionPicture.MASKED.getRGB(), image.getRGB(x + scale, y), "key 1 is after query 0");
        assertEquals(AttentionPicture.colour(0f).getRGB(), image.getRGB(x, y + 2 * scale), "query 2 ignores key 0");
    }

    @Test
    void oneHeadIsLargeEnoughToReadSixtyFourCharacters() throws IOException {
        AttentionWeights attention = diagonalAndPrevious(1, 64);
        Path png = dir.resolve("one.png");

        AttentionPicture.single(attention, 0, 1, "chargpt test", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(AttentionPicture.singleSize(64), new Dimension(image.getWidth(), image.getHeight()));
        assertTrue(AttentionPicture.singleScale(64) >= 12, "a character needs at least 12 pixels");
        int scale = AttentionPicture.singleScale(64);
        // Head 1: query 5 looks at key 4.
        assertEquals(AttentionPicture.colour(1f).getRGB(),
                image.getRGB(AttentionPicture.SINGLE_LEFT + 4 * scale + scale / 2, AttentionPicture.SINGLE_TOP + 5 * scale + scale / 2));
    }

    @Test
    void theColourScaleRunsFromLightToDark() {
        assertTrue(brightness(AttentionPicture.colour(0f)) > brightness(AttentionPicture.colour(0.05f)));
        assertTrue(brightness(AttentionPicture.colour(0.05f)) > brightness(AttentionPicture.colour(0.5f)));
        assertTrue(brightness(AttentionPicture.colour(0.5f)) > brightness(AttentionPicture.colour(1f)));
    }

    @Test
    void spacesAndLineBreaksGetVisibleGlyphs() {
        VisibleGlyphs glyphs = VisibleGlyphs.forFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        assertTrue(List.of("␣", "·").contains(glyphs.of(" ")), glyphs.of(" "));
        assertTrue(List.of("↵", "¶").contains(glyphs.of("\n")), glyphs.of("\n"));
        assertEquals("a", glyphs.of("a"));
        assertEquals("?", glyphs.of("\u0007"));
    }

    private static int brightness(java.awt.Color c) {
        return c.getRed() + c.getGreen() + c.getBlue();
    }
}
