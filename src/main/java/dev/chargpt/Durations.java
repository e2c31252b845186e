package dev.chargpt;

import java.util.Locale;

/**
 * A length of time as people read it in a progress line or under a chart: "3m05s", "1h02m". One
 * format everywhere, so the time the training loop prints and the time the chart shows for the
 * same run look the same.
 */
public final class Durations {

    private Durations() {
    }

    /** Minutes and seconds below an hour, hours and minutes from there on; "?" for an unknown (non-finite) time. */
    public static String format(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?"; // an ETA before the first step has finished
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
