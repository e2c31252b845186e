package dev.chargpt.config;

import java.math.BigDecimal;

/** Numbers as a user types them, in help and messages: 0.0001 rather than 1.0E-4, 0 rather than 0.0. */
public final class PlainNumber {
    private PlainNumber() {
    }

    public static String text(Number value) {
        return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }
}
