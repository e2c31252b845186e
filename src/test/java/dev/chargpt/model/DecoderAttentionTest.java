package dev.chargpt.model;

import dev.chargpt.fixture.TinyModels;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.KvCacheModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention weights the decoder hands out are the ones the forward pass used: a probability
 * distribution over keys 0..query for every query, exactly 0 after it, and the same numbers as
 * the plain-Java reference computes from the formulas, for short prompts (fewer rows than the
 * decoder batches) and full windows alike.
 */
class DecoderAttentionTest {
    private static final ModelConfig TINY = new ModelConfig(11, 3, 2, 16, 12, 0.0);

    private static MultiLayerNetwork network() {
        MultiLayerNetwork network = TinyModels.network(TINY, new Adam(1e-3), 3, DataType.FLOAT);
        TinyModels.randomizeParameters(network, 8, 0.6);
        return network;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 12})
    void rowsAreDistributionsOverEarlierKeysOnly(int length) {
        float[][][][] weights = new KvCacheModel(network(), TINY, ContextPolicy.SHIFT)
                .attention(TinyModels.randomIds(1, length, TINY.vocabSize(), length)[0]);

        assertEquals(TINY.layers(), weights.length);
        for (float[][][] layer : weights) {
            assertEquals(TINY.heads(), layer.length);
            for (float[][] head : layer) {
                assertEquals(length, head.length);
                for (int query = 0; query < length; query++) {
                    assertEquals(length, head[query].length);
                    double sum = 0;
                    for (int key = 0; key < length; key++) {
                        if (key > query) {
                            assertEquals(0.0f, head[query][key], "above the diagonal at " + query + ", " + key);
                        } else {
                            assertTrue(head[query][key] >= 0, "negative weight at " + query + ", " + key);
                            sum += head[query][key];
                        }
                    }
                    assertEquals(1.0, sum, 1e-5, "row " + query);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 12})
    void equalThePlainJavaReferencesWeights(int length) {
        MultiLayerNetwork network = network();
        int[] ids = TinyModels.randomIds(1, length, TINY.vocabSize(), 40 + length)[0];
        float[][][][] actual = new KvCacheModel(network, TINY, ContextPolicy.SHIFT).attention(ids);
        double[][][][] expected = new ReferenceGpt(TINY, network).attention(ids);

        double largest = 0; // the largest distance from uniform attention
        for (int layer = 0; layer < TINY.layers(); layer++) {
            for (int head = 0; head < TINY.heads(); head++) {
                for (int query = 0; query < length; query++) {
                    for (int key = 0; key < length; key++) {
                        assertEquals(expected[layer][head][query][key], actual[layer][head][query][key], 1e-5,
                                "layer " + layer + " head " + head + " query " + query + " key " + key);
                        if (key <= query) {
                            largest = Math.max(largest, Math.abs(expected[layer][head][query][key] - 1.0 / (query + 1)));
                        }
                    }
                }
            }
        }
        if (length > 2) {
            // Random weights of std 0.6 must give peaked attention, or the comparison proves little.
            assertTrue(largest > 0.25, "attention too flat to test anything: at most " + largest + " from uniform");
        }
    }

    /** With QK-norm the pictures show the normalised queries' and keys' attention, as the reference computes it. */
    @org.junit.jupiter.api.Test
    void withQkNormEqualThePlainJavaReferencesWeights() {
        ModelConfig qkNorm = TINY.withQkNorm(true);
        MultiLayerNetwork network = TinyModels.network(qkNorm, new Adam(1e-3), 3, DataType.FLOAT);
        TinyModels.randomizeParameters(network, 8, 0.6);
        dev.chargpt.fixture.TinyGpt.peakedQkNormGains(network, 9);
        int[] ids = TinyModels.randomIds(1, 12, qkNorm.vocabSize(), 52)[0];
        float[][][][] actual = new KvCacheModel(network, qkNorm, ContextPolicy.SHIFT).attention(ids);
        double[][][][] expected = new ReferenceGpt(qkNorm, network).attention(ids);
        double largest = 0;
        for (int layer = 0; layer < qkNorm.layers(); layer++) {
            for (int head = 0; head < qkNorm.heads(); head++) {
                for (int query = 0; query < ids.length; query++) {
                    for (int key = 0; key <= query; key++) {
                        assertEquals(expected[layer][head][query][key], actual[layer][head][query][key], 1e-5,
                                "layer " + layer + " head " + head + " query " + query + " key " + key);
                        largest = Math.max(largest, Math.abs(expected[layer][head][query][key] - 1.0 / (query + 1)));
                    }
                }
            }
        }
        assertTrue(largest > 0.25, "attention too flat to test anything: at most " + largest + " from uniform");
    }

    @org.junit.jupiter.api.Test
    void observingDoesNotChangeWhatTheModelPredicts() {
        MultiLayerNetwork network = network();
        int[] ids = TinyModels.randomIds(1, 9, TINY.vocabSize(), 3)[0];
        KvCacheModel observed = new KvCacheModel(network, TINY, ContextPolicy.SHIFT);
        KvCacheModel plain = new KvCacheModel(network, TINY, ContextPolicy.SHIFT);
        observed.attention(ids);
        plain.start(ids);
        // attention() replaced the context like start(): the next character continues from the same state.
        assertArrayEquals(plain.append(4), observed.append(4), 1e-5);
    }
}
