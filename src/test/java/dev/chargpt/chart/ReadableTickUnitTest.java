package dev.chargpt.chart;

import org.jfree.chart.axis.NumberTickUnit;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadableTickUnitTest {

    @Test
    void aboutADozenTicksOfOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, ReadableTickUnit.forLength(2.4).getSize(), 1e-12);
        assertEquals(0.5, ReadableTickUnit.forLength(5.5).getSize(), 1e-12);
        assertEquals(10, ReadableTickUnit.forLength(120).getSize(), 1e-12);
    }

    @Test
    void everyLabelHasTheSameDecimalsWhateverTheLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            NumberTickUnit unit = ReadableTickUnit.forLength(2.4);
            assertEquals("2.0", unit.valueToString(2.0));
            assertEquals("1.8", unit.valueToString(1.8));
            assertEquals("10", ReadableTickUnit.forLength(120).valueToString(10));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void anEmptyOrEndlessAxisStillGetsAUnit() {
        assertEquals(0.1, ReadableTickUnit.forLength(0).getSize(), 1e-12);
        assertEquals(0.1, ReadableTickUnit.forLength(Double.POSITIVE_INFINITY).getSize(), 1e-12);
    }
}
