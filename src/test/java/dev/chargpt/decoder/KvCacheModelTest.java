package dev.chargpt.decoder;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.fixture.TinyGpt;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cached decoder must be the full-window model, only faster: the same next-character
 * distribution at every step, including after the context is full, under either context policy.
 */
class KvCacheModelTest {
    private static final ModelConfig TINY = new ModelConfig(13, 2, 2, 16, 8, 0.0);

    /**
     * Drives both models with the same ids (drawn from the full-window distribution) for {@code steps}
     * steps after {@code prompt}, checking the distributions agree; returns the largest probability
     * seen, so callers can check the test was not run on a flat, uninformative distribution.
     */
    private static double assertSameDistributions(MultiLayerNetwork network, ModelConfig config, ContextPolicy policy,
                                                  int[] prompt, int steps, double tolerance) {
        NextCharacterModel full = new FullWindowModel(network, config, policy);
        NextCharacterModel cached = new KvCacheModel(network, config, policy);
        Random random = new Random(77);
        double[] fullLogits = full.start(prompt);
        double[] cachedLogits = cached.start(prompt);
        double largest = 0;
        for (int step = 0; step <= steps; step++) {
            double[] expected = TinyGpt.softmax(fullLogits);
            double[] actual = TinyGpt.softmax(cachedLogits);
            for (int id = 0; id < expected.length; id++) {
                assertEquals(expected[id], actual[id], tolerance, policy + " step " + step + " after a prompt of "
                        + prompt.length + " (block " + config.blockSize() + "), id " + id);
                largest = Math.max(largest, expected[id]);
            }
            if (step < steps) {
                int id = draw(TinyGpt.softmax(fullLogits), random);
                fullLogits = full.append(id);
                cachedLogits = cached.append(id);
            }
        }
        return largest;
    }

    /** An id drawn from the distribution {@code p} (plain inverse CDF: the test needs likely ids, not a sampler). */
    private static int draw(double[] p, Random random) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int id = 0; id < p.length; id++) {
            cumulative += p[id];
            if (u < cumulative) {
                return id;
            }
        }
        return p.length - 1;
    }

    @ParameterizedTest
    @CsvSource({"EXACT, 1", "EXACT, 3", "EXACT, 8", "SHIFT, 1", "SHIFT, 3", "SHIFT, 8"})
    void sameDistributionAsTheFullWindowAtEveryStepWellPastTheBlockSize(ContextPolicy policy, int promptLength) {
        MultiLayerNetwork network = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        int[] prompt = TinyGpt.randomIds(promptLength, TINY.vocabSize(), promptLength);
        double largest = assertSameDistributions(network, TINY, policy, prompt, 5 * TINY.blockSize(), 1e-5);
        assertTrue(largest > 1.5 / TINY.vocabSize(), "distribution too flat to test anything: max p " + largest);
    }

    @ParameterizedTest
    @EnumSource(ContextPolicy.class)
    void sameDistributionForOtherShapesAndDoublePrecision(ContextPolicy policy) {
        // Block 5: SHIFT keeps 2, an odd block size's half rounded down.
        ModelConfig oneHead = new ModelConfig(9, 1, 1, 8, 5, 0.0);
        assertSameDistributions(TinyGpt.network(oneHead, 3, 0.3, DataType.FLOAT), oneHead, policy, new int[]{4}, 17, 1e-5);
        ModelConfig fourHeads = new ModelConfig(10, 3, 4, 16, 6, 0.0);
        assertSameDistributions(TinyGpt.network(fourHeads, 4, 0.3, DataType.FLOAT), fourHeads, policy, new int[]{1, 2}, 20, 1e-5);
        // A prompt of 9 of 12 positions: many-row products and batched attention on a partial window.
        ModelConfig longer = new ModelConfig(10, 2, 2, 16, 12, 0.0);
        assertSameDistributions(TinyGpt.network(longer, 6, 0.3, DataType.FLOAT), longer, policy, TinyGpt.randomIds(9, 10, 9), 30, 1e-5);
        // The relu2 MLP: the decoder computes the activation the network was built with.
        ModelConfig relu2 = TINY.withActivation(Activation.RELU2);
        assertSameDistributions(TinyGpt.network(relu2, 7, 0.3, DataType.FLOAT), relu2, policy, new int[]{3, 1}, 20, 1e-5);
        // QK-norm: the decoder normalises queries and keys (and caches normalised keys) as the network does.
        ModelConfig qkNorm = TINY.withQkNorm(true);
        MultiLayerNetwork normalised = TinyGpt.network(qkNorm, 8, 0.3, DataType.FLOAT);
        TinyGpt.peakedQkNormGains(normalised, 8);
        double largest = assertSameDistributions(normalised, qkNorm, policy, new int[]{2, 9, 4}, 20, 1e-5);
        assertTrue(largest > 1.5 / qkNorm.vocabSize(), "distribution too flat to test anything: max p " + largest);
        // A double network against the float decoder: the decoder's own rounding is all that differs.
        assertSameDistributions(TinyGpt.network(TINY, 5, 0.3, DataType.DOUBLE), TINY, policy, new int[]{0, 12, 6}, 30, 1e-5);
    }

    /**
     * What each policy conditions on once the window is full, checked against a fresh start on the
     * context it should hold: EXACT the last blockSize ids, SHIFT the newest half (4 of 8), then
     * one more id per append until the window is full again, then the newest half again.
     */
    @Test
    void eachPolicyKeepsTheContextItPromises() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        int[] ids = TinyGpt.randomIds(3 * TINY.blockSize(), TINY.vocabSize(), 9);
        for (ContextPolicy policy : ContextPolicy.values()) {
            KvCacheModel cached = new KvCacheModel(network, TINY, policy);
            double[] logits = cached.start(new int[]{ids[0]});
            int from = 0; // the context is ids[from..n]
            for (int n = 1; n < ids.length; n++) {
                logits = cached.append(ids[n]);
                if (n - from + 1 > TINY.blockSize()) {
                    from = policy == ContextPolicy.EXACT ? n - TINY.blockSize() + 1 : n - TINY.blockSize() / 2 + 1;
                }
                int[] expectedContext = java.util.Arrays.copyOfRange(ids, from, n + 1);
                double[] expected = new FullWindowModel(network, TINY, ContextPolicy.EXACT).start(expectedContext);
                for (int id = 0; id < expected.length; id++) {
                    assertEquals(expected[id], logits[id], 1e-5, policy + " after id " + n + ", logit " + id);
                }
            }
        }
        assertEquals(ContextPolicy.SHIFT, ContextPolicy.fromCliName(" Shift "));
        assertThrows(IllegalArgumentException.class, () -> ContextPolicy.fromCliName("slide"));
    }

    @Test
    void aNetworkAndAConfigOfDifferentActivationsAreRefused() {
        MultiLayerNetwork relu2 = TinyGpt.network(TINY.withActivation(Activation.RELU2), 11, 0.3, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvCacheModel(relu2, TINY, ContextPolicy.EXACT));
        assertEquals("block 0 of the network computes relu2 but the config says gelu; the network does not match the config",
                e.getMessage());
    }

    @Test
    void aNetworkAndAConfigThatDisagreeOnQkNormAreRefused() {
        MultiLayerNetwork normalised = TinyGpt.network(TINY.withQkNorm(true), 11, 0.3, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KvCacheModel(normalised, TINY, ContextPolicy.EXACT));
        assertEquals("block 0 of the network normalises queries and keys (QK-norm) but the config says it does not;"
                + " the network does not match the config", e.getMessage());
        MultiLayerNetwork plain = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new KvCacheModel(plain, TINY.withQkNorm(true), ContextPolicy.EXACT));
        assertEquals("block 0 of the network does not normalise queries and keys (QK-norm) but the config says it does;"
                + " the network does not match the config", missing.getMessage());
    }

    @Test
    void startingAgainForgetsThePreviousContext() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        KvCacheModel used = new KvCacheModel(network, TINY, ContextPolicy.EXACT);
        used.start(new int[]{5, 6, 7});
        for (int id : TinyGpt.randomIds(20, TINY.vocabSize(), 1)) {
            used.append(id); // slides past the block size, leaving a full, stale cache
        }
        int[] fresh = {2, 9};
        double[] expected = new KvCacheModel(network, TINY, ContextPolicy.EXACT).start(fresh);
        double[] actual = used.start(fresh);
        for (int id = 0; id < expected.length; id++) {
            assertEquals(expected[id], actual[id], 0.0, "id " + id);
        }
        assertEquals(new KvCacheModel(network, TINY, ContextPolicy.EXACT).start(new int[]{2, 9, 4})[3], used.append(4)[3], 0.0);
    }

    @Test
    void aReadingGivesEveryPositionTheLogitsThatStartGivesItsPrefix() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        KvCacheModel reader = new KvCacheModel(network, TINY, ContextPolicy.EXACT);
        KvCacheModel sampler = new KvCacheModel(network, TINY, ContextPolicy.SHIFT);
        int[] ids = TinyGpt.randomIds(8, 13, 5);

        WindowReading reading = reader.read(ids);

        assertEquals(8, reading.logits().length);
        for (int p = 0; p < ids.length; p++) {
            double[] expected = TinyGpt.softmax(sampler.start(java.util.Arrays.copyOf(ids, p + 1)));
            double[] actual = TinyGpt.softmax(reading.logits()[p]);
            for (int id = 0; id < expected.length; id++) {
                assertEquals(expected[id], actual[id], 1e-5, "position " + p + ", id " + id);
            }
        }
        float[][][][] attention = new KvCacheModel(network, TINY, ContextPolicy.EXACT).attention(ids);
        assertTrue(java.util.Arrays.deepEquals(attention, reading.attention()), "the attention of the same pass");
        assertEquals(8, reader.contextLength());
    }

    @Test
    void appendBeforeStartIsAnError() {
        KvCacheModel cached = new KvCacheModel(TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT), TINY, ContextPolicy.EXACT);
        assertThrows(IllegalStateException.class, () -> cached.append(1));
        assertThrows(IllegalArgumentException.class, () -> cached.start(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> cached.start(new int[TINY.blockSize() + 1]));
        assertThrows(IllegalArgumentException.class, () -> cached.start(new int[]{TINY.vocabSize()}));
    }

    @Test
    void aNetworkThatDoesNotMatchTheConfigIsRefused() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 1, 0.3, DataType.FLOAT);
        assertThrows(IllegalArgumentException.class, () -> new KvCacheModel(network, new ModelConfig(13, 2, 2, 16, 9, 0.0), ContextPolicy.SHIFT));
        assertThrows(IllegalArgumentException.class, () -> new KvCacheModel(network, new ModelConfig(13, 3, 2, 16, 8, 0.0), ContextPolicy.SHIFT));
        assertThrows(IllegalArgumentException.class, () -> new KvCacheModel(network, new ModelConfig(14, 2, 2, 16, 8, 0.0), ContextPolicy.SHIFT));
    }

    /** The cpu-small shape (4 x 4 x 128, block 64) over 3 block lengths. */
    @Test
    @Tag("slow")
    void sameDistributionOnTheCpuSmallShape() {
        ModelConfig cpuSmall = new ModelConfig(65, 4, 4, 128, 64, 0.0);
        MultiLayerNetwork network = TinyGpt.network(cpuSmall, 8, 0.3, DataType.FLOAT);
        for (ContextPolicy policy : ContextPolicy.values()) {
            double largest = assertSameDistributions(network, cpuSmall, policy, TinyGpt.randomIds(10, 65, 3), 3 * 64, 1e-5);
            assertTrue(largest > 1.5 / 65, "distribution too flat to test anything: max p " + largest);
        }
    }
}
