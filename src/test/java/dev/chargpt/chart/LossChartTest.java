package dev.chargpt.chart;

import dev.chargpt.BadInputException;
import dev.chargpt.history.LossRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossChartTest {

    @TempDir
    Path dir;

    /** 2000 steps decaying from 4.2 to 1.8 with noise, and a validation row at each epoch end. */
    static List<LossRecord> realisticHistory() {
        Random noise = new Random(42);
        List<LossRecord> rows = new ArrayList<>();
        for (int step = 1; step <= 2000; step++) {
            double clean = 1.8 + 2.4 * Math.exp(-step / 300.0);
            int epoch = (step - 1) / 667;
            rows.add(new LossRecord(step, epoch, clean + noise.nextGaussian() * 0.06, Double.NaN, 6e-4, step * 0.4));
            if (step % 667 == 0 || step == 2000) {
                rows.add(new LossRecord(step, epoch, Double.NaN, clean + 0.08, 6e-4, step * 0.4));
            }
        }
        return rows;
    }

    private static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG: " + png);
        return image;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static boolean hasPixelNear(BufferedImage image, int red, int green, int blue) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs((rgb >> 16 & 0xff) - red) < 24 && Math.abs((rgb >> 8 & 0xff) - green) < 24
                        && Math.abs((rgb & 0xff) - blue) < 24) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void rendersHeadlessToAPngOfTheDefaultSize() throws IOException {
        Path png = dir.resolve("loss.png");
        LossChart.render(realisticHistory(), "chargpt cpu-small", png);

        assertTrue(GraphicsEnvironment.isHeadless());
        BufferedImage image = read(png);
        assertEquals(LossChart.DEFAULT_WIDTH, image.getWidth());
        assertEquals(LossChart.DEFAULT_HEIGHT, image.getHeight());
    }

    @Test
    void rendersAtTheRequestedSize() throws IOException {
        Path png = dir.resolve("small.png");
        LossChart.render(realisticHistory(), "small", png, 640, 400);

        BufferedImage image = read(png);
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
    }

    @Test
    void chartIsNotBlankButDrawsEveryCurve() throws IOException {
        Path png = dir.resolve("loss.png");
        LossChart.render(realisticHistory(), "chargpt", png);

        BufferedImage image = read(png);
        assertTrue(distinctColours(image) > 20, "too few colours: " + distinctColours(image));
        assertTrue(hasPixelNear(image, 0x0f, 0x4c, 0x81), "no training moving average (dark blue)");
        assertTrue(hasPixelNear(image, 0xff, 0x7f, 0x0e), "no validation curve (orange)");
        assertTrue(hasPixelNear(image, 0xd6, 0x27, 0x28), "no best validation marker (red)");
    }

    @Test
    void emptyHistoryRendersANoDataChart() throws IOException {
        Path png = dir.resolve("empty.png");
        LossChart.render(List.of(), "nothing yet", png);

        BufferedImage image = read(png);
        assertEquals(LossChart.DEFAULT_WIDTH, image.getWidth());
        assertTrue(distinctColours(image) > 2, "title and message are drawn");
    }

    @Test
    void rowsWithoutAnyMeasuredLossRenderLikeAnEmptyHistory() throws IOException {
        Path png = dir.resolve("nan.png");
        LossChart.render(List.of(new LossRecord(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)), "nan", png);

        assertEquals(LossChart.DEFAULT_HEIGHT, read(png).getHeight());
    }

    @Test
    void aSingleRowOrOnlyValidationRowsRender() throws IOException {
        LossChart.render(List.of(new LossRecord(0, 0, 4.17, Double.NaN, 1e-3, 0.5)), "one", dir.resolve("one.png"));
        LossChart.render(List.of(new LossRecord(100, 0, Double.NaN, 2.5, 1e-3, 9),
                new LossRecord(200, 1, Double.NaN, 2.1, 1e-3, 18)), "val only", dir.resolve("val.png"));

        assertEquals(LossChart.DEFAULT_WIDTH, read(dir.resolve("one.png")).getWidth());
        assertEquals(LossChart.DEFAULT_WIDTH, read(dir.resolve("val.png")).getWidth());
    }

    @Test
    void createsParentDirectoriesReplacesTheOldChartAndLeavesNoTempFile() throws IOException {
        Path charts = dir.resolve("charts/run-1");
        Path png = charts.resolve("loss.png");
        LossChart.render(List.of(), "first", png);
        LossChart.render(realisticHistory(), "second", png, 300, 200);

        assertEquals(300, read(png).getWidth());
        try (Stream<Path> files = Files.list(charts)) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void impossibleSizeIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> LossChart.render(List.of(), "x", dir.resolve("x.png"), 0, 600));

        assertTrue(e.getMessage().contains("0 x 600"), e.getMessage());
    }

    @Test
    void bestLabelGivesNatsBitsAndStep() {
        LossRecord best = new LossRecord(5000, 3, Double.NaN, 1.4697, 6e-4, 100);

        assertEquals("best val 1.4697 nats (2.120 bpc) @ step 5000", LossChart.bestLabel(best));
    }

    @Test
    void subtitleCountsEpochsFromOneAsTheTrainingLoopPrintsThem() {
        List<LossRecord> twoEpochs = List.of(new LossRecord(1, 0, 4.0, Double.NaN, 1e-3, 0.2),
                new LossRecord(2614, 1, 1.7, 1.7988, 1e-4, 436.0));
        assertEquals("step 2614, epoch 2, 7m16s  |  bits per character = nats / ln 2", LossChart.summary(twoEpochs));
    }
}
