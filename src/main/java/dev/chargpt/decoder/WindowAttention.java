package dev.chargpt.decoder;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * Causal self-attention of many rows at once (a prompt, or the whole window after the context
 * slides), with the two products as batched BLAS calls over the heads and the softmax in Java.
 *
 * <p>Why: on the cpu-small shape (64 rows, 4 heads of 32) the Java loops of
 * {@link KvCacheModel}'s one-row attention took 0.29 ms per layer for Q K^T and P V, the batched
 * native products 0.09 ms. The softmax stays in Java because ND4J's softmax op took 0.2 ms for the
 * same 16k scores, and here only the causal half needs an exp.
 */
final class WindowAttention {
    private final int heads;
    private final int headSize;
    private final int width;
    private final Buffers[] byRows; // made on first use for each row count (a prompt, or the full window)
    private int lastRows;           // the row count of the last apply, whose probabilities probabilities() copies

    /** Native arrays for one row count n. */
    private static final class Buffers {
        final INDArray q;      // [H, n, hs]
        final INDArray k;      // [H, hs, n]
        final INDArray v;      // [H, n, hs]
        final INDArray scores; // [H, n, n]
        final INDArray out;    // [H, n, hs]
        final FloatBuffer qb;
        final FloatBuffer kb;
        final FloatBuffer vb;
        final FloatBuffer sb;
        final FloatBuffer ob;
        final float[] scoresCopy;

        Buffers(int heads, int n, int headSize) {
            q = Nd4j.create(DataType.FLOAT, new long[]{heads, n, headSize}, 'c');
            k = Nd4j.create(DataType.FLOAT, new long[]{heads, headSize, n}, 'c');
            v = Nd4j.create(DataType.FLOAT, new long[]{heads, n, headSize}, 'c');
            scores = Nd4j.create(DataType.FLOAT, new long[]{heads, n, n}, 'c');
            out = Nd4j.create(DataType.FLOAT, new long[]{heads, n, headSize}, 'c');
            qb = q.data().asNioFloat();
            kb = k.data().asNioFloat();
            vb = v.data().asNioFloat();
            sb = scores.data().asNioFloat();
            ob = out.data().asNioFloat();
            scoresCopy = new float[heads * n * n];
        }
    }

    WindowAttention(int heads, int headSize, int maxRows) {
        this.heads = heads;
        this.headSize = headSize;
        this.width = heads * headSize;
        this.byRows = new Buffers[maxRows + 1];
    }

    /**
     * Rows 0..n-1 attend to rows 0..their own: {@code out[p, head] = softmax(q_p k^T / sqrt(hs)) v}.
     *
     * @param queries       rows 0..n-1 used, query channels first in each row of {@code queryStride}
     * @param keysByChannel [C, t]: key channel c of position p at {@code c * t + p}
     * @param values        [*, C] rows 0..n-1 used
     * @param out           [*, C] rows 0..n-1 written
     */
    void apply(float[] queries, int queryStride, float[] keysByChannel, int t, float[] values, int n, float[] out) {
        Buffers b = byRows[n];
        if (b == null) {
            b = byRows[n] = new Buffers(heads, n, headSize);
        }
        for (int h = 0; h < heads; h++) {
            int offset = h * headSize;
            for (int p = 0; p < n; p++) {
                b.qb.put((h * n + p) * headSize, queries, p * queryStride + offset, headSize);
                b.vb.put((h * n + p) * headSize, values, p * width + offset, headSize);
            }
            for (int d = 0; d < headSize; d++) {
                b.kb.put((h * headSize + d) * n, keysByChannel, (offset + d) * t, n);
            }
        }
        Nd4j.matmul(b.q, b.k, b.scores, false, false, false);
        b.sb.get(0, b.scoresCopy);
        causalSoftmax(b.scoresCopy, n, (float) (1.0 / Math.sqrt(headSize)));
        lastRows = n;
        b.sb.put(0, b.scoresCopy);
        Nd4j.matmul(b.scores, b.v, b.out, false, false, false);
        for (int h = 0; h < heads; h++) {
            for (int p = 0; p < n; p++) {
                b.ob.get((h * n + p) * headSize, out, p * width + h * headSize, headSize);
            }
        }
    }

    /**
     * The attention probabilities of the last {@link #apply}, exactly the ones it multiplied the
     * values by: {@code [head][query][key]}, each row summing to 1 over keys 0..query and 0 after.
     * A copy, so the next apply does not change it.
     */
    float[][][] probabilities() {
        if (lastRows == 0) {
            throw new IllegalStateException("no attention computed yet");
        }
        int n = lastRows;
        float[] s = byRows[n].scoresCopy;
        float[][][] copy = new float[heads][n][n];
        for (int h = 0; h < heads; h++) {
            for (int p = 0; p < n; p++) {
                System.arraycopy(s, (h * n + p) * n, copy[h][p], 0, n);
            }
        }
        return copy;
    }

    /** Row p of each head's [n, n] block: softmax of scale * scores over keys 0..p, zero after. */
    private void causalSoftmax(float[] s, int n, float scale) {
        for (int row = 0; row < heads * n; row++) {
            int p = row % n;
            int o = row * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int key = 0; key <= p; key++) {
                s[o + key] *= scale;
                max = Math.max(max, s[o + key]);
            }
            float total = 0;
            for (int key = 0; key <= p; key++) {
                s[o + key] = (float) Math.exp(s[o + key] - max);
                total += s[o + key];
            }
            float inverse = 1f / total;
            for (int key = 0; key <= p; key++) {
                s[o + key] *= inverse;
            }
            java.util.Arrays.fill(s, o + p + 1, o + n, 0f);
        }
    }
}
