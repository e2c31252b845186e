package dev.chargpt.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ValidationWindowsTest {
    @Test
    void choosesDistinctWindowsInOrderTheSameForTheSameSeed() {
        long[] chosen = ValidationWindows.choose(1743, 256, 1337);
        assertEquals(256, chosen.length);
        assertEquals(256, Arrays.stream(chosen).distinct().count());
        for (int i = 1; i < chosen.length; i++) {
            assertEquals(true, chosen[i] > chosen[i - 1], "ascending");
        }
        assertEquals(true, chosen[0] >= 0 && chosen[chosen.length - 1] < 1743);
        assertArrayEquals(chosen, ValidationWindows.choose(1743, 256, 1337));
        assertFalse(Arrays.equals(chosen, ValidationWindows.choose(1743, 256, 7)), "another seed, another choice");
    }

    @Test
    void spreadsEvenlyOverTheWholeText() {
        long[] chosen = ValidationWindows.choose(1743, 256, 1337);
        double stride = 1743 / 256.0;
        assertEquals(true, chosen[0] < stride, "starts within the first stride: " + chosen[0]);
        for (int i = 1; i < chosen.length; i++) {
            long gap = chosen[i] - chosen[i - 1];
            assertEquals(true, gap == 6 || gap == 7, "gap " + gap + " at " + i);
        }
        assertEquals(true, chosen[255] >= 1743 - stride - 1, "reaches the end: " + chosen[255]);
    }

    @Test
    void aSizeJustBelowTheCountStillGivesDistinctWindows() {
        long[] chosen = ValidationWindows.choose(1000, 999, 3);
        assertEquals(999, Arrays.stream(chosen).distinct().count());
        assertEquals(true, chosen[998] <= 999);
    }

    @Test
    void takesEveryWindowOfASmallText() {
        assertArrayEquals(new long[]{0, 1, 2}, ValidationWindows.choose(3, 256, 1));
        assertArrayEquals(new long[]{0, 1, 2}, ValidationWindows.choose(3, 3, 1));
    }
}
