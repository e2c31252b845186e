package dev.chargpt.decoder;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecoderMathTest {

    @Test
    void matmulAgreesWithTheDefinitionForAnyRowRange() {
        Random random = new Random(1);
        int inWidth = 7;
        int outWidth = 9;
        float[] w = new float[inWidth * outWidth];
        float[] in = new float[11 * inWidth];
        for (float[] a : new float[][]{w, in}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
        }
        for (int row0 : new int[]{0, 2}) {
            for (int rows : new int[]{1, 3, 4, 5, 9}) {
                float[] out = new float[11 * outWidth];
                DecoderMath.matmul(in, row0, rows, inWidth, w, outWidth, out);
                for (int r = 0; r < 11; r++) {
                    for (int j = 0; j < outWidth; j++) {
                        boolean written = r >= row0 && r < row0 + rows;
                        double expected = 0;
                        if (written) {
                            for (int k = 0; k < inWidth; k++) {
                                expected += (double) in[r * inWidth + k] * w[k * outWidth + j];
                            }
                        }
                        assertEquals(expected, out[r * outWidth + j], 1e-5, "row " + r + " column " + j);
                    }
                }
            }
        }
    }

    @Test
    void layerNormAddsItsEpsilonToTheVariance() {
        float[] x = {1e-4f, -1e-4f, 2e-4f, -2e-4f}; // variance 2.5e-8, far below the epsilon
        float[] out = new float[4];
        DecoderMath.layerNorm(x, 0, 1, 4, new float[]{1, 1, 1, 1}, new float[]{0, 0, 0, 0}, 1e-5f, out);
        assertEquals(1e-4 / Math.sqrt(2.5e-8 + 1e-5), out[0], 1e-6);
        assertEquals(-2e-4 / Math.sqrt(2.5e-8 + 1e-5), out[3], 1e-6);
    }

    @Test
    void layerNormWithoutEpsilonHasUnitVarianceAsOldCheckpointsComputed() {
        float[] x = {1e-4f, -1e-4f, 2e-4f, -2e-4f};
        float[] out = new float[4];
        DecoderMath.layerNorm(x, 0, 1, 4, new float[]{1, 1, 1, 1}, new float[]{0, 0, 0, 0}, 0f, out);
        assertEquals(0.6324555, out[0], 1e-5);
        assertEquals(-1.2649111, out[3], 1e-5);
    }
}
