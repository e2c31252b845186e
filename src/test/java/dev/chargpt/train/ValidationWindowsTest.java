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
    void spreadsOverTheWholeText() {
        long[] chosen = ValidationWindows.choose(1743, 256, 1337);
        long inFirstHalf = Arrays.stream(chosen).filter(k -> k < 1743 / 2).count();
        assertEquals(true, inFirstHalf > 100 && inFirstHalf < 156, inFirstHalf + " of 256 in the first half");
    }

    @Test
    void takesEveryWindowOfASmallText() {
        assertArrayEquals(new long[]{0, 1, 2}, ValidationWindows.choose(3, 256, 1));
        assertArrayEquals(new long[]{0, 1, 2}, ValidationWindows.choose(3, 3, 1));
    }
}
