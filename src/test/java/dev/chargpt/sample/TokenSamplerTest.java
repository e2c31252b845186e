package dev.chargpt.sample;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenSamplerTest {

    private static double[] logOf(double... probabilities) {
        return Arrays.stream(probabilities).map(Math::log).toArray();
    }

    /** The ids with non-zero probability, ascending. */
    private static int[] support(double[] distribution) {
        return IntStream.range(0, distribution.length).filter(i -> distribution[i] > 0).toArray();
    }

    private static int[] draws(TokenSampler sampler, double[] logits, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = sampler.sample(logits);
        }
        return ids;
    }

    @Test
    void temperatureZeroIsTheArgmaxWithTheLowerIdOnTies() {
        double[] logits = {0.5, 2.0, -1.0, 2.0, 1.9};
        for (long seed = 0; seed < 5; seed++) {
            TokenSampler sampler = new TokenSampler(0, 0, 1, seed);
            assertArrayEquals(new int[]{1, 1, 1}, draws(sampler, logits, 3));
        }
        assertEquals(4, greedy().sample(new double[]{0, 0, 0, 0, 7}));
        assertArrayEquals(new double[]{0, 1, 0, 0, 0}, greedy().distribution(logits));
        // Top-k and top-p never remove the argmax, so greedy ignores them.
        assertEquals(1, new TokenSampler(0, 1, 0.1, 3).sample(logits));
    }

    @Test
    void temperatureDividesTheLogits() {
        double[] logits = {1.0, 2.0, 0.0, -1.5};
        for (double temperature : new double[]{0.5, 1.0, 2.0}) {
            double[] expected = softmax(Arrays.stream(logits).map(z -> z / temperature).toArray());
            double[] actual = new TokenSampler(temperature, 0, 1, 1).distribution(logits);
            assertArrayEquals(expected, actual, 1e-12, "temperature " + temperature);
        }
    }

    @Test
    void topKKeepsExactlyKCandidatesEvenWhenTheKthValueIsTied() {
        double[] logits = {1, 3, 3, 3, 0, 3};
        assertArrayEquals(new int[]{1, 2}, support(new TokenSampler(1, 2, 1, 1).distribution(logits)));
        assertArrayEquals(new int[]{1, 2, 3}, support(new TokenSampler(1, 3, 1, 1).distribution(logits)));
        assertArrayEquals(new int[]{1, 2, 3, 5}, support(new TokenSampler(1, 4, 1, 1).distribution(logits)));
        assertArrayEquals(new int[]{0, 1, 2, 3, 5}, support(new TokenSampler(1, 5, 1, 1).distribution(logits)));
        double[] two = new TokenSampler(1, 2, 1, 1).distribution(logits);
        assertEquals(0.5, two[1], 1e-12);
        assertEquals(0.5, two[2], 1e-12);

        int[] ids = draws(new TokenSampler(1.5, 2, 1, 9), logits, 2000);
        assertTrue(Arrays.stream(ids).allMatch(id -> id == 1 || id == 2), "a tie at the k-th value leaked in");
        assertTrue(Arrays.stream(ids).anyMatch(id -> id == 1) && Arrays.stream(ids).anyMatch(id -> id == 2));
    }

    @Test
    void topKAboveTheVocabularySizeKeepsEverything() {
        double[] logits = {0.1, 0.2, 0.3};
        assertArrayEquals(new TokenSampler(1, 0, 1, 1).distribution(logits), new TokenSampler(1, 50, 1, 1).distribution(logits), 0);
    }

    @Test
    void topPKeepsTheSmallestSetWhoseProbabilityReachesP() {
        double[] logits = logOf(0.10, 0.50, 0.05, 0.30, 0.05);
        assertArrayEquals(new int[]{1}, support(new TokenSampler(1, 0, 0.5, 1).distribution(logits)));
        assertArrayEquals(new int[]{1, 3}, support(new TokenSampler(1, 0, 0.51, 1).distribution(logits)));
        assertArrayEquals(new int[]{1, 3}, support(new TokenSampler(1, 0, 0.8, 1).distribution(logits)));
        assertArrayEquals(new int[]{0, 1, 3}, support(new TokenSampler(1, 0, 0.81, 1).distribution(logits)));
        // 0.95 reached by one of the two 0.05s: the lower id.
        assertArrayEquals(new int[]{0, 1, 2, 3}, support(new TokenSampler(1, 0, 0.95, 1).distribution(logits)));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, support(new TokenSampler(1, 0, 1.0, 1).distribution(logits)));

        double[] kept = new TokenSampler(1, 0, 0.8, 1).distribution(logits);
        assertEquals(0.5 / 0.8, kept[1], 1e-12);
        assertEquals(0.3 / 0.8, kept[3], 1e-12);
    }

    @Test
    void topPAppliesToTheTopKSurvivors() {
        double[] logits = logOf(0.10, 0.50, 0.05, 0.30, 0.05);
        // Top-2 leaves {1: 0.625, 3: 0.375}; 0.6 of that is reached by id 1 alone.
        assertArrayEquals(new int[]{1}, support(new TokenSampler(1, 2, 0.6, 1).distribution(logits)));
        assertArrayEquals(new int[]{1, 3}, support(new TokenSampler(1, 2, 0.7, 1).distribution(logits)));
    }

    @Test
    void drawsFollowTheDistribution() {
        double[] logits = logOf(0.1, 0.6, 0.3);
        int[] counts = new int[3];
        for (int id : draws(new TokenSampler(1, 0, 1, 42), logits, 20_000)) {
            counts[id]++;
        }
        assertEquals(0.1, counts[0] / 20_000.0, 0.015);
        assertEquals(0.6, counts[1] / 20_000.0, 0.015);
        assertEquals(0.3, counts[2] / 20_000.0, 0.015);
    }

    @Test
    void theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        double[] logits = new double[20]; // flat: every draw is pure chance
        int[] first = draws(new TokenSampler(1, 0, 1, 123), logits, 200);
        int[] again = draws(new TokenSampler(1, 0, 1, 123), logits, 200);
        int[] other = draws(new TokenSampler(1, 0, 1, 124), logits, 200);
        assertArrayEquals(first, again);
        assertNotEquals(Arrays.toString(first), Arrays.toString(other));
    }

    @Test
    void impossibleSettingsAreRejectedNamingTheOption() {
        for (double temperature : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            BadInputException e = assertThrows(BadInputException.class, () -> new TokenSampler(temperature, 0, 1, 1));
            assertTrue(e.getMessage().startsWith("temperature"), e.getMessage());
        }
        BadInputException k = assertThrows(BadInputException.class, () -> new TokenSampler(1, -1, 1, 1));
        assertTrue(k.getMessage().startsWith("topK"), k.getMessage());
        for (double topP : new double[]{0, -0.5, 1.01, Double.NaN}) {
            BadInputException p = assertThrows(BadInputException.class, () -> new TokenSampler(1, 0, topP, 1));
            assertTrue(p.getMessage().startsWith("topP"), p.getMessage());
        }
    }

    @Test
    void brokenLogitsAreNotSampled() {
        TokenSampler sampler = new TokenSampler(1, 0, 1, 1);
        assertThrows(IllegalStateException.class, () -> sampler.sample(new double[]{0, Double.NaN}));
        assertThrows(IllegalStateException.class, () -> sampler.sample(new double[]{0, Double.POSITIVE_INFINITY}));
    }

    private static double[] softmax(double[] z) {
        double max = Arrays.stream(z).max().orElseThrow();
        double[] e = Arrays.stream(z).map(v -> Math.exp(v - max)).toArray();
        double total = Arrays.stream(e).sum();
        return Arrays.stream(e).map(v -> v / total).toArray();
    }

    /** Temperature 0: always the most likely character, whatever the seed. */
    private static TokenSampler greedy() {
        return new TokenSampler(0, 0, 1, 0);
    }
}
