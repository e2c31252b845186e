package dev.chargpt.decoder;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeluTableTest {

    @Test
    void erfcMatchesTabulatedValuesToDoublePrecision() {
        // erfc from high-precision tables.
        double[][] table = {{0, 1}, {0.1, 0.8875370839817151}, {0.5, 0.4795001221869535}, {1, 0.15729920705028513},
                {2, 0.004677734981047266}, {3, 2.209049699858544e-05}, {4.5, 1.9661604415428873e-10}, {-0.7, 1.6778011938374185}};
        for (double[] row : table) {
            assertEquals(row[1], GeluTable.erfc(row[0]), Math.abs(row[1]) * 1e-13, "erfc(" + row[0] + ")");
        }
    }

    @Test
    void exactGeluIsTheErfFormNotTheTanhApproximation() {
        assertEquals(0.8413447460685429, GeluTable.exact(1.0), 1e-15);     // 1 * Phi(1)
        assertEquals(-0.15865525393145707, GeluTable.exact(-1.0), 1e-15);  // -1 * Phi(-1)
        assertEquals(1.5 * 0.9331927987311419, GeluTable.exact(1.5), 1e-15); // the tanh form gives 1.39978
    }

    @Test
    void theTableIsWithinTwoTenthsOfAMillionthEverywhere() {
        double worst = 0;
        for (double x = -12; x <= 12; x += 1.0 / 8191) {
            float value = (float) x;
            worst = Math.max(worst, Math.abs(GeluTable.apply(value) - GeluTable.exact(value)) / Math.max(1, Math.abs(value)));
        }
        assertTrue(worst < 2e-7, "worst error " + worst);
        assertEquals(0f, GeluTable.apply(-30f));
        assertEquals(30f, GeluTable.apply(30f));
    }
}
