package dev.chargpt.chart;

import dev.chargpt.decoder.AttentionWeights;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Attention weights -> a PNG, in plain Java 2D (a heatmap is rectangles; a chart library would add
 * axes to fight, not help), headless. Two pictures:
 * <ul>
 *   <li>{@link #grid}: every layer (rows) and head (columns), each cell the T x T matrix of one head
 *       (query rows, key columns), so the heads' patterns can be compared at a glance;</li>
 *   <li>{@link #single}: one head, large, with the characters on both axes, readable for 64.</li>
 * </ul>
 * Both share one colour scale, 0 to 1, shown as a colour bar. It is a square-root scale, so that
 * weights spread over many keys (0.02 each) stay visible next to a head that puts 0.9 on one
 * key. Keys after the query (the causal mask: weight exactly 0) are light grey.
 */
public final class AttentionPicture {

    private static final Color BACKGROUND = Color.WHITE;
    static final Color MASKED = new Color(0xee, 0xee, 0xee);
    private static final Color TEXT = new Color(0x33, 0x33, 0x33);
    private static final Color FRAME = new Color(0xaa, 0xaa, 0xaa);
    // matplotlib's "Blues", light to dark: stops of the colour scale at 0, 1/4, 1/2, 3/4 and 1 (sqrt scale).
    private static final int[][] STOPS = {
            {0xf7, 0xfb, 0xff}, {0xc6, 0xdb, 0xef}, {0x6b, 0xae, 0xd6}, {0x21, 0x71, 0xb5}, {0x08, 0x30, 0x6b}};
    private static final double[] TICKS = {0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 1};
    private static final String FONT = Font.SANS_SERIF;

    // Grid layout, in pixels.
    private static final int GRID_CELL = 192;
    private static final int GRID_GAP = 14;
    static final int GRID_LEFT = 72;
    static final int GRID_TOP = 78;
    private static final int BAR_SPACE = 110;
    private static final int BOTTOM = 24;

    // Single-head layout.
    private static final int SINGLE_TARGET = 768;
    static final int SINGLE_LEFT = 64;
    static final int SINGLE_TOP = 96;

    static {
        PngFile.useHeadlessDrawing();
    }

    private AttentionPicture() {
    }

    /** Pixels per weight in the grid: a cell is about {@value #GRID_CELL} pixels, at least 1 per weight. */
    static int gridScale(int t) {
        return Math.max(1, GRID_CELL / t);
    }

    /** The grid picture's size in pixels for this model and text length. */
    public static Dimension gridSize(int layers, int heads, int t) {
        int cell = t * gridScale(t);
        return new Dimension(GRID_LEFT + heads * cell + (heads - 1) * GRID_GAP + BAR_SPACE,
                GRID_TOP + layers * cell + (layers - 1) * GRID_GAP + BOTTOM);
    }

    /** Pixels per weight in the single-head picture: 12 for 64 characters, between 8 and 28. */
    static int singleScale(int t) {
        return Math.max(8, Math.min(28, SINGLE_TARGET / t));
    }

    /** The single-head picture's size in pixels for this text length. */
    public static Dimension singleSize(int t) {
        int side = t * singleScale(t);
        return new Dimension(SINGLE_LEFT + side + BAR_SPACE, SINGLE_TOP + side + BOTTOM + 8);
    }

    /** Draws every layer and head to {@code png} (atomically, creating its directory). */
    public static void grid(AttentionWeights attention, String title, Path png) {
        int t = attention.length();
        int scale = gridScale(t);
        int cell = t * scale;
        Dimension size = gridSize(attention.layers(), attention.heads(), t);
        BufferedImage image = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image);
        g.setColor(TEXT);
        g.setFont(new Font(FONT, Font.BOLD, 16));
        g.drawString(title, GRID_LEFT, 24);
        g.setFont(new Font(FONT, Font.PLAIN, 12));
        g.drawString(fitted("text (" + t + " characters): " + visible(attention.tokens()), g.getFontMetrics(),
                size.width - GRID_LEFT - 10), GRID_LEFT, 44);
        g.drawString("each cell: one head; rows = query position, columns = key position (earlier characters)",
                GRID_LEFT, 60);
        g.setFont(new Font(FONT, Font.BOLD, 13));
        FontMetrics metrics = g.getFontMetrics();
        for (int head = 0; head < attention.heads(); head++) {
            String label = "head " + head;
            int x = GRID_LEFT + head * (cell + GRID_GAP);
            g.drawString(label, x + (cell - metrics.stringWidth(label)) / 2, GRID_TOP - 5);
        }
        for (int layer = 0; layer < attention.layers(); layer++) {
            int y = GRID_TOP + layer * (cell + GRID_GAP);
            g.setColor(TEXT); // the heatmaps leave the frame's grey set
            g.drawString("layer " + layer, 8, y + cell / 2 + metrics.getAscent() / 2);
            for (int head = 0; head < attention.heads(); head++) {
                heatmap(g, attention.head(layer, head), GRID_LEFT + head * (cell + GRID_GAP), y, scale);
            }
        }
        int gridHeight = attention.layers() * cell + (attention.layers() - 1) * GRID_GAP;
        colourBar(g, size.width - BAR_SPACE + 24, GRID_TOP, Math.min(gridHeight, 400));
        g.dispose();
        write(image, png);
    }

    /** Draws one head, large, with the characters along both axes, to {@code png}. */
    public static void single(AttentionWeights attention, int layer, int head, String title, Path png) {
        int t = attention.length();
        int scale = singleScale(t);
        int side = t * scale;
        Dimension size = singleSize(t);
        BufferedImage image = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(image);
        g.setColor(TEXT);
        g.setFont(new Font(FONT, Font.BOLD, 16));
        g.drawString(title + ": layer " + layer + ", head " + head, 10, 24);
        g.setFont(new Font(FONT, Font.PLAIN, 12));
        g.drawString("rows: query (the character being predicted from), columns: key (the earlier character it looks at)",
                10, 44);
        g.drawString(GLYPHS.spaceNote(), 10, 60);

        int left = SINGLE_LEFT;
        int top = SINGLE_TOP;
        heatmap(g, attention.head(layer, head), left, top, scale);
        Font glyphFont = new Font(Font.MONOSPACED, Font.PLAIN, Math.max(9, Math.min(16, scale)));
        g.setFont(glyphFont);
        g.setColor(TEXT); // the heatmap leaves the frame's grey set
        FontMetrics metrics = g.getFontMetrics();
        List<String> tokens = attention.tokens();
        for (int i = 0; i < t; i++) {
            String glyph = GLYPHS.of(tokens.get(i));
            int width = metrics.stringWidth(glyph);
            // Query characters down the left, key characters along the top.
            g.drawString(glyph, left - 6 - width, top + i * scale + (scale + metrics.getAscent() - metrics.getDescent()) / 2);
            g.drawString(glyph, left + i * scale + (scale - width) / 2, top - 6);
        }
        g.setFont(new Font(FONT, Font.PLAIN, 11));
        metrics = g.getFontMetrics();
        g.drawString("key →", left + side - metrics.stringWidth("key →"), top - 10 - glyphFont.getSize());
        AffineTransform before = g.getTransform();
        g.rotate(-Math.PI / 2, 14, top + side);
        g.drawString("query →  (down)", 14, top + side);
        g.setTransform(before);
        colourBar(g, left + side + 28, top, Math.min(side, 400));
        g.dispose();
        write(image, png);
    }

    /** The colour of a weight in [0, 1] on the square-root scale. */
    static Color colour(float weight) {
        double position = Math.sqrt(Math.max(0, Math.min(1, weight))) * (STOPS.length - 1);
        int stop = Math.min(STOPS.length - 2, (int) position);
        double f = position - stop;
        int[] a = STOPS[stop];
        int[] b = STOPS[stop + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    private static void heatmap(Graphics2D g, float[][] matrix, int x, int y, int scale) {
        int t = matrix.length;
        for (int query = 0; query < t; query++) {
            for (int key = 0; key < t; key++) {
                g.setColor(key > query ? MASKED : colour(matrix[query][key]));
                g.fillRect(x + key * scale, y + query * scale, scale, scale);
            }
        }
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x - 1, y - 1, t * scale + 1, t * scale + 1);
    }

    private static void colourBar(Graphics2D g, int x, int y, int height) {
        int width = 16;
        for (int row = 0; row < height; row++) {
            double position = 1 - (double) row / (height - 1);
            g.setColor(colour((float) (position * position)));
            g.fillRect(x, y + row, width, 1);
        }
        g.setColor(FRAME);
        g.drawRect(x, y, width, height - 1);
        g.setFont(new Font(FONT, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        for (double tick : TICKS) {
            int ty = y + (int) Math.round((1 - Math.sqrt(tick)) * (height - 1));
            g.setColor(FRAME);
            g.drawLine(x + width, ty, x + width + 4, ty);
            g.setColor(TEXT);
            g.drawString(tickLabel(tick), x + width + 7, ty + metrics.getAscent() / 2 - 1);
        }
        g.drawString("weight", x - 4, y + height + 16);
        g.setColor(MASKED);
        g.fillRect(x, y + height + 26, width, 12);
        g.setColor(TEXT);
        g.drawString("masked", x + width + 7, y + height + 36);
    }

    private static String tickLabel(double tick) {
        return tick == 0 || tick == 1 ? String.valueOf((int) tick) : String.format(Locale.ROOT, "%s", tick);
    }

    private static Graphics2D start(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** The characters with spaces and line breaks made visible, for the title. */
    static String visible(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        for (String token : tokens) {
            text.append(GLYPHS.of(token));
        }
        return text.toString();
    }

    private static String fitted(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String shorter = text;
        while (!shorter.isEmpty() && metrics.stringWidth(shorter + "…") > width) {
            shorter = shorter.substring(0, shorter.offsetByCodePoints(shorter.length(), -1));
        }
        return shorter + "…";
    }

    private static final VisibleGlyphs GLYPHS = VisibleGlyphs.forFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));

    private static void write(BufferedImage image, Path png) {
        PngFile.requireFile(png, "picture", "attention.png");
        PngFile.write(png, "picture", out -> ImageIO.write(image, "png", out));
    }
}
