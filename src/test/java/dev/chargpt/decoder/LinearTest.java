package dev.chargpt.decoder;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinearTest {

    /** Both paths (Java loop below {@link Linear#NATIVE_MIN_ROWS}, BLAS from there) give x W + b, in place by row. */
    @Test
    void javaAndBlasPathsComputeTheSameProductRowForRow() {
        Random random = new Random(4);
        int in = 12;
        int out = 10;
        int maxRows = 20;
        float[] weight = gaussian(random, in * out);
        float[] bias = gaussian(random, out);
        float[] x = gaussian(random, maxRows * in);
        Linear linear = new Linear(weight, bias, in, out, maxRows);
        for (int[] range : new int[][]{{3, 1}, {0, 7}, {2, 8}, {3, 17}, {0, 20}, {5, 9}}) {
            int row0 = range[0];
            int rows = range[1];
            float[] y = new float[maxRows * out];
            linear.apply(x, row0, rows, y);
            for (int r = 0; r < maxRows; r++) {
                for (int j = 0; j < out; j++) {
                    double expected = 0;
                    if (r >= row0 && r < row0 + rows) {
                        expected = bias[j];
                        for (int k = 0; k < in; k++) {
                            expected += (double) x[r * in + k] * weight[k * out + j];
                        }
                    }
                    assertEquals(expected, y[r * out + j], 1e-5, "rows " + row0 + "+" + rows + ": y[" + r + ", " + j + "]");
                }
            }
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
