package dev.chargpt.train;

import dev.chargpt.chart.AttentionPicture;
import dev.chargpt.checkpoint.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --attention-pictures}: the grid is drawn beside the loss chart at an epoch's end, and only when asked. */
class AttentionPicturesTest {

    @TempDir
    Path work;

    @Test
    void drawsEveryHeadBesideTheLossChartWhenAsked() throws IOException {
        Path corpus = SmallRuns.corpus(work);
        TrainSettings plain = SmallRuns.settings(corpus, work.resolve("run"), work, 1, 3L, false);
        TrainSettings asked = new TrainSettings(plain.corpus(), plain.preset(), plain.overrides(), plain.maxSteps(),
                plain.seed(), plain.resume(), plain.out(), plain.sampleLength(), plain.evalEvery(), plain.workers(), plain.dataDir(),
                plain.modelsDir(), plain.chartsDir(), true, null);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        SmallRuns.train(asked, new PrintStream(printed, true, StandardCharsets.UTF_8));

        RunDirectory run = new RunDirectory(work.resolve("run"));
        Path picture = run.attentionIn(plain.chartsDir());
        assertEquals(run.chartIn(plain.chartsDir()).getParent(), picture.getParent(), "beside the loss chart");
        BufferedImage image = ImageIO.read(picture.toFile());
        assertNotNull(image, "not a PNG");
        // 2 layers x 2 heads over the first block (16) characters of the validation text.
        assertEquals(AttentionPicture.gridSize(2, 2, 16), new Dimension(image.getWidth(), image.getHeight()));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("attention: " + picture), printed::toString);
    }

    @Test
    void drawsNothingUnlessAsked() throws IOException {
        Path corpus = SmallRuns.corpus(work);
        SmallRuns.train(SmallRuns.settings(corpus, work.resolve("run"), work, 1, 2L, false));

        RunDirectory run = new RunDirectory(work.resolve("run"));
        assertTrue(Files.exists(run.chartIn(work.resolve("charts"))));
        assertFalse(Files.exists(run.attentionIn(work.resolve("charts"))));
    }
}
