package dev.chargpt.chart;

import org.jfree.chart.axis.NumberTickUnit;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * About a dozen ticks of 1, 2 or 5 times a power of ten, all printed with the same number of
 * decimals ("1.8, 2.0, 2.2", not "1.8, 2, 2.2"). JFreeChart's own choice packs a tick into
 * every label height, which makes a busy grid on a loss chart.
 */
final class ReadableTickUnit {

    private ReadableTickUnit() {
    }

    /** The tick unit for an axis spanning {@code axisLength}. */
    static NumberTickUnit forLength(double axisLength) {
        double rough = axisLength / 12;
        if (!(rough > 0) || Double.isInfinite(rough)) {
            rough = 0.1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double unit = magnitude;
        for (double multiple : new double[] {2, 5, 10}) {
            // nearest on a log scale, so neither far too many nor far too few ticks
            if (Math.abs(Math.log(multiple * magnitude / rough)) < Math.abs(Math.log(unit / rough))) {
                unit = multiple * magnitude;
            }
        }
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(unit) + 1e-9));
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return new NumberTickUnit(unit, format);
    }
}
