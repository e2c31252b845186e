package dev.chargpt.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryRowTest {

    /** The exact lines the hand-written encoder of earlier versions wrote: existing run directories hold them. */
    @Test
    void writesTheBytesEarlierVersionsWrote() {
        assertEquals("{\"step\":5000,\"epoch\":3,\"train_loss\":1.2345,\"val_loss\":null,\"lr\":6.0E-4,\"elapsed_s\":812.5}",
                HistoryRow.encode(new LossRecord(5000, 3, 1.2345, Double.NaN, 6.0e-4, 812.5)));
        assertEquals("{\"step\":0,\"epoch\":0,\"train_loss\":4.174387269895637,\"val_loss\":null,\"lr\":0.0,\"elapsed_s\":0.0}",
                HistoryRow.encode(new LossRecord(0, 0, 4.174387269895637, Double.NaN, 0.0, 0.0)));
        assertEquals("{\"step\":1,\"epoch\":0,\"train_loss\":0.30000000000000004,\"val_loss\":null,\"lr\":1.0E-7,\"elapsed_s\":4.9E-324}",
                HistoryRow.encode(new LossRecord(1, 0, 0.1 + 0.2, Double.NaN, 1e-7, Double.MIN_VALUE)));
        assertEquals("{\"step\":9223372036854775807,\"epoch\":2147483647,\"train_loss\":1e999,\"val_loss\":-0.0,"
                        + "\"lr\":1.7976931348623157E308,\"elapsed_s\":-1e999}",
                HistoryRow.encode(new LossRecord(Long.MAX_VALUE, Integer.MAX_VALUE, Double.POSITIVE_INFINITY, -0.0,
                        Double.MAX_VALUE, Double.NEGATIVE_INFINITY)));
        assertEquals("{\"step\":7,\"epoch\":1,\"train_loss\":null,\"val_loss\":1.4697,\"lr\":null,\"elapsed_s\":1.23456789E7}",
                HistoryRow.encode(new LossRecord(7, 1, Double.NaN, 1.4697, Double.NaN, 12345678.9)));
    }

    @Test
    void everyFiniteDoubleIsWrittenAsDoubleToStringAndReadBackBitForBit() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(value)) {
                continue;
            }
            LossRecord record = new LossRecord(i, 0, value, Double.NaN, 6e-4, 1.0);
            String line = HistoryRow.encode(record);

            assertEquals("{\"step\":" + i + ",\"epoch\":0,\"train_loss\":" + value
                    + ",\"val_loss\":null,\"lr\":6.0E-4,\"elapsed_s\":1.0}", line);
            assertEquals(record, decode(line));
        }
    }

    @Test
    void readsIntegersAsRealsAndHugeExponentsAsInfinity() {
        assertEquals(new LossRecord(2, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, 3.0),
                decode("{\"step\":2,\"epoch\":0,\"train_loss\":1e999,\"val_loss\":-1E+999,\"lr\":1,\"elapsed_s\":3}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"step\":1.5,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":5.0,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":5e3,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":\"5\",\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":null,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":99999999999999999999,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"epoch\":2147483648,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":-1,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"epoch\":0,\"train_loss\":true,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"epoch\":0,\"train_loss\":[1],\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"epoch\":0,\"train_loss\":NaN,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"epoch\":0,\"train_loss\":01,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"step\":2,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}",
            "{\"step\":1,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1} {}",
            "{\"step\":1,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1}",
            "[1,0,1,null,1,1]", "null", "not json", "{\"step\":1,\"epoch\":0,\"train_lo"
    })
    void refusesAnythingButAWholeRow(String line) {
        HistoryRow.Malformed e = assertThrows(HistoryRow.Malformed.class, () -> HistoryRow.decode(line));
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(HistoryRow.isRow(line));
    }

    @Test
    void saysWhichKeyIsWrong() {
        assertTrue(message("{\"step\":1.5,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1}")
                .contains("\"step\" must be a whole number, found 1.5"));
        assertTrue(message("{\"step\":1,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1}")
                .contains("\"elapsed_s\" is missing"));
        assertTrue(message("{\"step\":1,\"step\":2}").contains("Duplicate field 'step'"));
        assertTrue(message("{\"step\":1,\"epoch\":0,\"train_loss\":1,\"val_loss\":null,\"lr\":1,\"elapsed_s\":1} {}")
                .startsWith("text after the end of the JSON value at column "));
    }

    private static String message(String line) {
        return assertThrows(HistoryRow.Malformed.class, () -> HistoryRow.decode(line)).getMessage();
    }

    private static LossRecord decode(String line) {
        try {
            return HistoryRow.decode(line);
        } catch (HistoryRow.Malformed e) {
            throw new AssertionError(line + ": " + e.getMessage(), e);
        }
    }
}
