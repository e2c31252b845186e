package dev.chargpt.decoder;

/**
 * The small dense loops of the cached decoder, on row-major float arrays. Each innermost loop runs
 * along a contiguous row, the shape the JIT vectorises.
 */
final class DecoderMath {
    private DecoderMath() {
    }

    /**
     * {@code y[r, :] = x[r, :] W} for rows {@code row0..row0+rows-1}, with {@code x} [*, in],
     * {@code w} [in, out] and {@code y} [*, out] (rows keep their index).
     */
    static void matmul(float[] x, int row0, int rows, int in, float[] w, int out, float[] y) {
        int r = row0;
        int end = row0 + rows;
        // Two rows at a time: each weight row is loaded once for both (the weights, not the
        // activations, are what streams through the cache).
        for (; r + 2 <= end; r += 2) {
            int y0 = r * out;
            int y1 = y0 + out;
            java.util.Arrays.fill(y, y0, y1 + out, 0f);
            int x0 = r * in;
            for (int k = 0; k < in; k++) {
                float a0 = x[x0 + k];
                float a1 = x[x0 + in + k];
                int wk = k * out;
                for (int j = 0; j < out; j++) {
                    float wv = w[wk + j];
                    y[y0 + j] += a0 * wv;
                    y[y1 + j] += a1 * wv;
                }
            }
        }
        for (; r < end; r++) {
            int y0 = r * out;
            java.util.Arrays.fill(y, y0, y0 + out, 0f);
            int x0 = r * in;
            int k = 0;
            // Four weight rows per pass over y: a quarter of the loads and stores of y, which bound
            // this loop (measured on [1,128]x[128,384]: 3.1 GMAC/s one row per pass, 4.4-5.1 four).
            for (; k + 4 <= in; k += 4) {
                float a0 = x[x0 + k];
                float a1 = x[x0 + k + 1];
                float a2 = x[x0 + k + 2];
                float a3 = x[x0 + k + 3];
                int w0 = k * out;
                int w1 = w0 + out;
                int w2 = w1 + out;
                int w3 = w2 + out;
                for (int j = 0; j < out; j++) {
                    y[y0 + j] += a0 * w[w0 + j] + a1 * w[w1 + j] + a2 * w[w2 + j] + a3 * w[w3 + j];
                }
            }
            for (; k < in; k++) {
                float a = x[x0 + k];
                int wk = k * out;
                for (int j = 0; j < out; j++) {
                    y[y0 + j] += a * w[wk + j];
                }
            }
        }
    }

    /**
     * LayerNorm over each row of width {@code width}: (x - mean) / sqrt(variance + epsilon) * gain +
     * bias with the population variance, as the network's {@code dev.chargpt.model.LayerNorm}
     * (epsilon 1e-5; 0 for checkpoints written before it had one). Statistics in double.
     */
    static void layerNorm(float[] x, int row0, int rows, int width, float[] gain, float[] bias, float epsilon, float[] y) {
        for (int r = row0; r < row0 + rows; r++) {
            int o = r * width;
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += x[o + j];
            }
            double mean = sum / width;
            double squares = 0;
            for (int j = 0; j < width; j++) {
                double d = x[o + j] - mean;
                squares += d * d;
            }
            float inverseStd = (float) (1.0 / Math.sqrt(squares / width + epsilon));
            float m = (float) mean;
            for (int j = 0; j < width; j++) {
                y[o + j] = (x[o + j] - m) * inverseStd * gain[j] + bias[j];
            }
        }
    }

    /**
     * QK-norm, in place: in rows {@code row0..row0+rows-1} of {@code x} (row length {@code stride}),
     * the {@code heads} vectors of {@code headSize} channels starting at column {@code column} are each
     * divided by their RMS, sqrt(mean(v^2) + epsilon), and multiplied by {@code gain} (one value per
     * channel, head-major), as the network's {@code CausalSelfAttentionBlock} with QK-norm. Sums in double.
     */
    static void rmsNormHeads(float[] x, int row0, int rows, int stride, int column, int heads, int headSize, float[] gain,
                             float epsilon) {
        for (int r = row0; r < row0 + rows; r++) {
            for (int h = 0; h < heads; h++) {
                int o = r * stride + column + h * headSize;
                double squares = 0;
                for (int d = 0; d < headSize; d++) {
                    squares += (double) x[o + d] * x[o + d];
                }
                float inverseRms = (float) (1.0 / Math.sqrt(squares / headSize + epsilon));
                int g = h * headSize;
                for (int d = 0; d < headSize; d++) {
                    x[o + d] = x[o + d] * inverseRms * gain[g + d];
                }
            }
        }
    }

    /** ReLU squared, relu(x)^2, in place on {@code x[from..to)}: the MLP activation {@code relu2}. */
    static void reluSquared(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float r = Math.max(x[i], 0f);
            x[i] = r * r;
        }
    }
}
