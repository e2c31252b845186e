package dev.chargpt;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Test
    void minutesAndSecondsBelowAnHour() {
        assertEquals("0m00s", Durations.format(0));
        assertEquals("0m59s", Durations.format(59.4));
        assertEquals("1m00s", Durations.format(59.5));
        assertEquals("3m05s", Durations.format(185));
        assertEquals("59m59s", Durations.format(3599));
    }

    @Test
    void hoursAndMinutesFromAnHourOn() {
        assertEquals("1h00m", Durations.format(3600));
        assertEquals("1h02m", Durations.format(3725));
        assertEquals("27h46m", Durations.format(100_000));
    }

    @Test
    void unknownTimeIsAQuestionMark() {
        assertEquals("?", Durations.format(Double.NaN));
        assertEquals("?", Durations.format(Double.POSITIVE_INFINITY));
    }

    @Test
    void sameTextWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG")); // Arabic-Indic digits if the locale were used
            assertEquals("1h02m", Durations.format(3725));
        } finally {
            Locale.setDefault(before);
        }
    }
}
