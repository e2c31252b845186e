package dev.chargpt.chart;

import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.TextAnchor;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * A pointer label centred above its point, except where that would cut it off: then it grows
 * away from the side edge, or hangs below the point when the point is near the top. Decided
 * at drawing time, the only time the label's size in pixels is known.
 */
final class LabelThatStaysInside extends XYPointerAnnotation {
    LabelThatStaysInside(String text, double x, double y) {
        super(text, x, y, -Math.PI / 2);
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis,
                     ValueAxis rangeAxis, int rendererIndex, PlotRenderingInfo info) {
        double x = domainAxis.valueToJava2D(getX(), dataArea, plot.getDomainAxisEdge());
        double y = rangeAxis.valueToJava2D(getY(), dataArea, plot.getRangeAxisEdge());
        FontMetrics metrics = g2.getFontMetrics(getFont());
        double halfWidth = metrics.stringWidth(getText()) / 2.0;
        double reach = getBaseRadius() + getLabelOffset() + metrics.getHeight();

        boolean below = y - reach < dataArea.getMinY();
        setAngle(below ? Math.PI / 2 : -Math.PI / 2);
        if (x - halfWidth < dataArea.getMinX()) {
            setTextAnchor(below ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
        } else if (x + halfWidth > dataArea.getMaxX()) {
            setTextAnchor(below ? TextAnchor.TOP_RIGHT : TextAnchor.BOTTOM_RIGHT);
        } else {
            setTextAnchor(below ? TextAnchor.TOP_CENTER : TextAnchor.BOTTOM_CENTER);
        }
        super.draw(g2, plot, dataArea, domainAxis, rangeAxis, rendererIndex, info);
    }
}
