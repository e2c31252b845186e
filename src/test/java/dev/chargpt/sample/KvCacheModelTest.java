package dev.chargpt.sample;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.fixture.TinyGpt;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cached decoder must be the full-window model, only faster: the same next-character
 * distribution at every step, including after the context is full and starts to slide.
 */
class KvCacheModelTest {
    private static final ModelConfig TINY = new ModelConfig(13, 2, 2, 16, 8, 0.0);

    /**
     * Drives both models with the same ids (drawn from the full-window distribution) for {@code steps}
     * steps after {@code prompt}, checking the distributions agree; returns the largest probability
     * seen, so callers can check the test was not run on a flat, uninformative distribution.
     */
    private static double assertSameDistributions(MultiLayerNetwork network, ModelConfig config, int[] prompt, int steps, double tolerance) {
        NextCharacterModel full = new FullWindowModel(network, config);
        NextCharacterModel cached = new KvCacheModel(network, config);
        TokenSampler sampler = new TokenSampler(1.0, 0, 1.0, 77);
        double[] fullLogits = full.start(prompt);
        double[] cachedLogits = cached.start(prompt);
        double largest = 0;
        for (int step = 0; step <= steps; step++) {
            double[] expected = TinyGpt.softmax(fullLogits);
            double[] actual = TinyGpt.softmax(cachedLogits);
            for (int id = 0; id < expected.length; id++) {
                assertEquals(expected[id], actual[id], tolerance, "step " + step + " (context "
                        + Math.min(prompt.length + step, config.blockSize()) + " of " + config.blockSize() + "), id " + id);
                largest = Math.max(largest, expected[id]);
            }
            if (step < steps) {
                int id = sampler.sample(fullLogits);
                fullLogits = full.append(id);
                cachedLogits = cached.append(id);
            }
        }
        return largest;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void sameDistributionAsTheFullWindowAtEveryStepWellPastTheBlockSize(int promptLength) {
        MultiLayerNetwork network = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        int[] prompt = TinyGpt.randomIds(promptLength, TINY.vocabSize(), promptLength);
        double largest = assertSameDistributions(network, TINY, prompt, 5 * TINY.blockSize(), 1e-5);
        assertTrue(largest > 1.5 / TINY.vocabSize(), "distribution too flat to test anything: max p " + largest);
    }

    @Test
    void sameDistributionForOtherShapesAndDoublePrecision() {
        ModelConfig oneHead = new ModelConfig(9, 1, 1, 8, 5, 0.0);
        assertSameDistributions(TinyGpt.network(oneHead, 3, 0.3, DataType.FLOAT), oneHead, new int[]{4}, 17, 1e-5);
        ModelConfig fourHeads = new ModelConfig(10, 3, 4, 16, 6, 0.0);
        assertSameDistributions(TinyGpt.network(fourHeads, 4, 0.3, DataType.FLOAT), fourHeads, new int[]{1, 2}, 20, 1e-5);
        // A prompt of 9 of 12 positions: many-row products and batched attention on a partial window.
        ModelConfig longer = new ModelConfig(10, 2, 2, 16, 12, 0.0);
        assertSameDistributions(TinyGpt.network(longer, 6, 0.3, DataType.FLOAT), longer, TinyGpt.randomIds(9, 10, 9), 30, 1e-5);
        // A double network against the float decoder: the decoder's own rounding is all that differs.
        assertSameDistributions(TinyGpt.network(TINY, 5, 0.3, DataType.DOUBLE), TINY, new int[]{0, 12, 6}, 30, 1e-5);
    }

    @Test
    void startingAgainForgetsThePreviousContext() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT);
        KvCacheModel used = new KvCacheModel(network, TINY);
        used.start(new int[]{5, 6, 7});
        for (int id : TinyGpt.randomIds(20, TINY.vocabSize(), 1)) {
            used.append(id); // slides past the block size, leaving a full, stale cache
        }
        int[] fresh = {2, 9};
        double[] expected = new KvCacheModel(network, TINY).start(fresh);
        double[] actual = used.start(fresh);
        for (int id = 0; id < expected.length; id++) {
            assertEquals(expected[id], actual[id], 0.0, "id " + id);
        }
        assertEquals(new KvCacheModel(network, TINY).start(new int[]{2, 9, 4})[3], used.append(4)[3], 0.0);
    }

    @Test
    void appendBeforeStartIsAnError() {
        KvCacheModel cached = new KvCacheModel(TinyGpt.network(TINY, 11, 0.3, DataType.FLOAT), TINY);
        assertThrows(IllegalStateException.class, () -> cached.append(1));
        assertThrows(IllegalArgumentException.class, () -> cached.start(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> cached.start(new int[TINY.blockSize() + 1]));
        assertThrows(IllegalArgumentException.class, () -> cached.start(new int[]{TINY.vocabSize()}));
    }

    @Test
    void theSameSeedWritesTheSameTextOnBothPaths() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 21, 0.3, DataType.FLOAT);
        Vocabulary vocabulary = Vocabulary.of("\nabcdefghijkl");
        String viaFull = new TextGenerator(new FullWindowModel(network, TINY), vocabulary)
                .generate("bad", 40, new TokenSampler(0.9, 8, 0.95, 2024), cp -> { });
        String viaCache = new TextGenerator(new KvCacheModel(network, TINY), vocabulary)
                .generate("bad", 40, new TokenSampler(0.9, 8, 0.95, 2024), cp -> { });
        assertEquals(40, viaFull.length());
        assertEquals(viaFull, viaCache);
        assertTrue(viaFull.chars().distinct().count() > 3, "suspiciously repetitive text: " + viaFull);
    }

    @Test
    void aNetworkThatDoesNotMatchTheConfigIsRefused() {
        MultiLayerNetwork network = TinyGpt.network(TINY, 1, 0.3, DataType.FLOAT);
        assertThrows(IllegalArgumentException.class, () -> new KvCacheModel(network, new ModelConfig(13, 2, 2, 16, 9, 0.0)));
        assertThrows(IllegalArgumentException.class, () -> new KvCacheModel(network, new ModelConfig(13, 3, 2, 16, 8, 0.0)));
        assertThrows(IllegalArgumentException.class, () -> new KvCacheModel(network, new ModelConfig(14, 2, 2, 16, 8, 0.0)));
    }

    /** The cpu-small shape (4 x 4 x 128, block 64) over 3 block lengths. */
    @Test
    @Tag("slow")
    void sameDistributionOnTheCpuSmallShape() {
        ModelConfig cpuSmall = new ModelConfig(65, 4, 4, 128, 64, 0.0);
        MultiLayerNetwork network = TinyGpt.network(cpuSmall, 8, 0.3, DataType.FLOAT);
        double largest = assertSameDistributions(network, cpuSmall, TinyGpt.randomIds(10, 65, 3), 3 * 64, 1e-5);
        assertTrue(largest > 1.5 / 65, "distribution too flat to test anything: max p " + largest);
    }
}
