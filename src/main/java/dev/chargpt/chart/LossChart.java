package dev.chargpt.chart;

import dev.chargpt.AtomicFile;
import dev.chargpt.BadInputException;
import dev.chargpt.Durations;
import dev.chargpt.history.BestValidation;
import dev.chargpt.history.LossRecord;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.RangeType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Loss history rows -> a PNG: training loss per step (raw, light, and its moving average, bold),
 * validation loss per epoch end, the best validation loss marked in nats and bits per character,
 * and a right-hand axis in bits per character.
 *
 * <p>A pure function of its arguments (design principle 9), so {@code chargpt chart} can
 * re-render any run at any time, and safe on a machine without a display.
 */
public final class LossChart {

    public static final int DEFAULT_WIDTH = 1000;
    public static final int DEFAULT_HEIGHT = 600;

    private static final int MIN_SIZE = 100;
    private static final int MAX_SIZE = 10_000;
    private static final double LN_2 = Math.log(2);

    // Blue, orange and red stay apart for colour-blind readers (matplotlib's "tab10" palette);
    // the average is a darker blue than the raw curve so it reads on top of it.
    private static final Color TRAIN = new Color(0x0f, 0x4c, 0x81);
    private static final Color TRAIN_RAW = new Color(0x1f, 0x77, 0xb4, 0x66);
    private static final Color VALIDATION = new Color(0xff, 0x7f, 0x0e);
    private static final Color BEST = new Color(0xd6, 0x27, 0x28);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color TEXT = new Color(0x33, 0x33, 0x33);

    // Logical font names exist on every JRE; JFreeChart's default "Tahoma" does not on Linux,
    // and its fallback differs per machine, so the README image would too.
    private static final String FONT = Font.SANS_SERIF;

    private static final int VALIDATION_DATASET = 3;

    static {
        PngFile.useHeadlessDrawing();
    }

    private LossChart() {
    }

    /** Renders {@code rows} at {@value #DEFAULT_WIDTH} x {@value #DEFAULT_HEIGHT} pixels. */
    public static void render(List<LossRecord> rows, String title, Path png) {
        render(rows, title, png, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Renders {@code rows} (in step order, as {@code LossHistory.readAll()} returns them) to
     * {@code png}, creating its directory. The file is replaced with {@link AtomicFile}, so a
     * README or a browser never shows a half-written image. No rows gives a chart saying "no data yet".
     */
    public static void render(List<LossRecord> rows, String title, Path png, int width, int height) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(png, "png");
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "chart size %d x %d pixels is impossible: use a width and height between %d and %d",
                    width, height, MIN_SIZE, MAX_SIZE));
        }
        PngFile.requireFile(png, "chart", "loss.png");
        JFreeChart chart = chart(rows, title);
        PngFile.write(png, "chart", out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    // ---- the chart --------------------------------------------------------------------------

    private static JFreeChart chart(List<LossRecord> rows, String title) {
        XYSeries rawTrain = measured(rows, "train loss, per step", LossRecord::trainLoss);
        XYSeries validation = measured(rows, "validation loss", LossRecord::validationLoss);
        NumberAxis nats = lossAxis();
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(stepAxis());
        plot.setRangeAxis(0, nats);
        style(plot);
        if (rawTrain.isEmpty() && validation.isEmpty()) {
            showNoData(plot);
            return chart(title, plot);
        }

        // Raw noise at the bottom, its average over it, validation on top: the order of importance.
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        addTrainingCurves(plot, rawTrain);
        addValidationCurve(plot, validation);
        BestValidation.of(rows).ifPresent(best -> markBest(plot, best));
        // The datasets are in, so the nats axis has its final range now.
        nats.setTickUnit(ReadableTickUnit.forLength(nats.getRange().getLength()), false, true);
        addBitsPerCharacterAxis(plot, nats);
        plot.addAnnotation(legendInsideTopRight(plot));

        JFreeChart chart = chart(title, plot);
        TextTitle subtitle = new TextTitle(summary(rows), new Font(FONT, Font.PLAIN, 12));
        subtitle.setPaint(Color.GRAY);
        chart.addSubtitle(subtitle);
        return chart;
    }

    private static NumberAxis lossAxis() {
        NumberAxis nats = axis("loss (nats per character)");
        nats.setAutoRangeIncludesZero(false);
        // A single row would otherwise get an axis spanning 1e-9 nats, labelled to nine decimals.
        nats.setAutoRangeMinimumSize(0.5);
        nats.setUpperMargin(0.1); // the top point's marker is not cut in half by the frame
        return nats;
    }

    private static NumberAxis stepAxis() {
        NumberAxis steps = axis("optimizer step");
        // Locale.ROOT: "2,000" on every machine, never "2.000".
        steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        steps.setAutoRangeIncludesZero(false);
        steps.setAutoRangeMinimumSize(10);
        steps.setRangeType(RangeType.POSITIVE); // no negative steps around a lone step 0
        return steps;
    }

    /** Axes without data would show a made-up 0..1 scale; the message alone is honest. */
    private static void showNoData(XYPlot plot) {
        for (ValueAxis axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            axis.setTickLabelsVisible(false);
            axis.setTickMarksVisible(false);
        }
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
    }

    private static void addTrainingCurves(XYPlot plot, XYSeries rawTrain) {
        plot.setDataset(0, new XYSeriesCollection(rawTrain));
        plot.setRenderer(0, lines(TRAIN_RAW, 1f));
        XYSeries average = movingAverage(rawTrain);
        // The same average twice: a white halo first, so the bold line stays readable on top of
        // a long run's raw noise, which merges into a solid band. Two collections, because the
        // plot finds a dataset's renderer (and so its legend entry) by the dataset's first index.
        plot.setDataset(1, new XYSeriesCollection(average));
        plot.setRenderer(1, halo());
        plot.setDataset(2, new XYSeriesCollection(average));
        plot.setRenderer(2, movingAverageRenderer(rawTrain.getItemCount()));
    }

    private static void addValidationCurve(XYPlot plot, XYSeries validation) {
        plot.setDataset(VALIDATION_DATASET, new XYSeriesCollection(validation));
        plot.setRenderer(VALIDATION_DATASET, validationRenderer(validation.getItemCount()));
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 18), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 8, 8, 8));
        return chart;
    }

    /** One point per row where {@code loss} was measured (NaN rows belong to the other curve). */
    private static XYSeries measured(List<LossRecord> rows, String name, ToDoubleFunction<LossRecord> loss) {
        XYSeries series = new XYSeries(name, false, true);
        for (LossRecord row : rows) {
            if (Double.isFinite(loss.applyAsDouble(row))) {
                series.add(row.step(), loss.applyAsDouble(row), false);
            }
        }
        return series;
    }

    /**
     * Exponential moving average with bias correction (as TensorBoard and Adam do it): the first
     * points are averages of what was seen so far, neither pulled towards zero nor stuck on the
     * first noisy value. The span grows with the number of points so that a short run is not
     * flattened and a long one is not left noisy.
     */
    private static XYSeries movingAverage(XYSeries raw) {
        XYSeries smooth = new XYSeries("train loss, moving average", false, true);
        int span = Math.max(1, raw.getItemCount() / 100); // lag ~ span / 2 = half a percent of the x axis
        double alpha = 2.0 / (span + 1);
        double average = 0;
        double weight = 0;
        for (int i = 0; i < raw.getItemCount(); i++) {
            average = (1 - alpha) * average + alpha * raw.getY(i).doubleValue();
            weight = (1 - alpha) * weight + alpha;
            smooth.add(raw.getX(i).doubleValue(), average / weight, false);
        }
        return smooth;
    }

    private static XYLineAndShapeRenderer lines(Color colour, float width) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, colour);
        renderer.setSeriesStroke(0, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return renderer;
    }

    private static XYLineAndShapeRenderer halo() {
        XYLineAndShapeRenderer renderer = lines(new Color(255, 255, 255, 230), 5f);
        renderer.setSeriesVisibleInLegend(0, false);
        return renderer;
    }

    private static XYLineAndShapeRenderer movingAverageRenderer(int points) {
        XYLineAndShapeRenderer renderer = lines(TRAIN, 2.5f);
        // A line needs two points; the very first logged step would otherwise be invisible.
        renderer.setSeriesShapesVisible(0, points == 1);
        renderer.setSeriesShape(0, circle(8));
        return renderer;
    }

    private static XYLineAndShapeRenderer validationRenderer(int points) {
        XYLineAndShapeRenderer renderer = lines(VALIDATION, 2f);
        // One marker per validation reads well for tens of epochs; hundreds merge into a smear.
        renderer.setSeriesShapesVisible(0, points <= 60);
        renderer.setSeriesShape(0, circle(8));
        return renderer;
    }

    /**
     * A ring around the best validation point, a dashed line at its level (to compare the
     * training loss against it), and its value written just above the point: late in a run the
     * validation curve is the top one, so the space above its best point is free.
     */
    private static void markBest(XYPlot plot, LossRecord best) {
        XYSeries ring = new XYSeries("best validation loss", false, true);
        ring.add(best.step(), best.validationLoss());
        ((XYSeriesCollection) plot.getDataset(VALIDATION_DATASET)).addSeries(ring);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer(VALIDATION_DATASET);
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesShapesVisible(1, true);
        renderer.setSeriesShapesFilled(1, false);
        renderer.setSeriesShape(1, circle(16));
        renderer.setSeriesPaint(1, BEST);
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesVisibleInLegend(1, false);

        plot.addRangeMarker(new ValueMarker(best.validationLoss(), BEST, new BasicStroke(1f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)), Layer.BACKGROUND);

        XYPointerAnnotation label = new LabelThatStaysInside(bestLabel(best), best.step(), best.validationLoss());
        label.setFont(new Font(FONT, Font.BOLD, 13));
        label.setPaint(BEST);
        label.setArrowPaint(BEST);
        label.setTipRadius(10);
        label.setBaseRadius(30);
        label.setLabelOffset(3);
        label.setBackgroundPaint(new Color(255, 255, 255, 210)); // gridlines must not cross the text
        plot.addAnnotation(label);
    }

    static String bestLabel(LossRecord best) {
        return String.format(Locale.ROOT, "best val %.4f nats (%.3f bpc) @ step %d",
                best.validationLoss(), best.validationLoss() / LN_2, best.step());
    }

    /** The same scale in bits per character on the right, so either unit can be read off. */
    private static void addBitsPerCharacterAxis(XYPlot plot, NumberAxis nats) {
        NumberAxis bits = axis("bits per character");
        plot.setRangeAxis(1, bits);
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
        // No dataset is mapped to this axis; it follows the nats axis whenever that one moves.
        Runnable follow = () -> {
            bits.setTickUnit(ReadableTickUnit.forLength(nats.getRange().getLength() / LN_2), false, true);
            bits.setRange(nats.getLowerBound() / LN_2, nats.getUpperBound() / LN_2);
        };
        nats.addChangeListener(event -> follow.run());
        follow.run();
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(new Font(FONT, Font.PLAIN, 13));
        axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 11));
        axis.setLabelPaint(TEXT);
        axis.setTickLabelPaint(TEXT);
        return axis;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(Color.LIGHT_GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage("no data yet");
        plot.setNoDataMessageFont(new Font(FONT, Font.PLAIN, 20));
        plot.setNoDataMessagePaint(Color.GRAY);
    }

    /** Loss curves fall from the top left, so the top right corner is free for the legend. */
    private static XYTitleAnnotation legendInsideTopRight(XYPlot plot) {
        LegendTitle legend = new LegendTitle(plot, new ColumnArrangement(), new ColumnArrangement());
        legend.setItemFont(new Font(FONT, Font.PLAIN, 12));
        legend.setItemPaint(TEXT);
        legend.setBackgroundPaint(new Color(255, 255, 255, 225));
        legend.setFrame(new BlockBorder(Color.LIGHT_GRAY));
        legend.setPadding(new RectangleInsets(4, 6, 4, 6));
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        return new XYTitleAnnotation(0.99, 0.99, legend, RectangleAnchor.TOP_RIGHT);
    }

    private static Shape circle(double diameter) {
        return new Ellipse2D.Double(-diameter / 2, -diameter / 2, diameter, diameter);
    }

    /**
     * One line of context under the title: how far the run got, and how long it took. Epochs are
     * counted from 1 here, as the training loop prints them (the history stores them from 0).
     */
    static String summary(List<LossRecord> rows) {
        LossRecord last = rows.get(rows.size() - 1);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "step %d, epoch %d", last.step(), last.epoch() + 1));
        if (Double.isFinite(last.elapsedSeconds())) {
            text.append(", ").append(Durations.format(last.elapsedSeconds()));
        }
        return text.append("  |  bits per character = nats / ln 2").toString();
    }

}
