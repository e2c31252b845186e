package dev.chargpt.decoder;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Arrays;

/**
 * Incremental decoding with a key/value cache, on a one-time copy of the weights.
 *
 * <p>Why it is fast: a new character at position p needs only its own row through every block; the
 * keys and values of positions 0..p-1 do not change (the causal mask keeps them blind to later
 * positions), so they are kept per layer and reused. One row is a handful of matrix-vector
 * products per layer, done in plain Java: crossing into native code for each would cost more
 * than the arithmetic.
 *
 * <p>A full window: once blockSize positions are used, the next character moves the kept ones to
 * new positions (learned position embeddings), so every cached key and value is stale and no exact
 * shortcut exists: the kept rows are recomputed. How many are kept is the {@link ContextPolicy}:
 * all but the oldest ({@code EXACT}, a whole-window pass per character) or the newest half
 * ({@code SHIFT}, a half-window pass per blockSize / 2 characters). Three things keep a recompute
 * cheap and exact: the rows go through each projection together as one BLAS matrix product
 * ({@link Linear}) and through attention as batched BLAS products ({@link WindowAttention}); in the
 * last block only the newest row goes through attention, projection and MLP (the others only feed
 * keys and values); and only the last row gets logits.
 *
 * <p>Weights are copied at construction: later training of the network is not seen.
 */
public final class KvCacheModel implements NextCharacterModel {
    private final GptWeights w;
    private final ContextWindow context;
    private final int t;
    private final int c;
    private final int heads;
    private final int headSize;
    private final float scale;
    private final Projections[] blocks;
    private final WindowAttention windowAttention;

    // Per layer: keys transposed, [C, T] (channel-major, so a query's scores are one vectorisable
    // loop over positions), and values by position, [T, C]. Channels are head-major (head * hs + d),
    // as the network splits them.
    private final float[][] keysByChannel;
    private final float[][] values;

    // Work space for up to T rows, allocated once; row r of each is position r.
    private final float[] x;       // [T, C] residual stream
    private final float[] normed;  // [T, C]
    private final float[] qkv;     // [T, 3C] queries | keys | values of new rows
    private final float[] mixed;   // [T, C] attention output before its projection
    private final float[] branch;  // [T, C] a residual branch before it is added
    private final float[] hidden;  // [T, 4C]
    private final float[] scores;  // [T]

    /** One block's matrix products. */
    private static final class Projections {
        final Linear queryKeyValue;
        final Linear projection;
        final Linear fc;
        final Linear fc2;

        Projections(GptWeights.Block b, int c, int t) {
            queryKeyValue = new Linear(b.qkvWeight, b.qkvBias, c, 3 * c, t);
            projection = new Linear(b.projWeight, b.projBias, c, c, t);
            fc = new Linear(b.fcWeight, b.fcBias, c, 4 * c, t);
            fc2 = new Linear(b.fc2Weight, b.fc2Bias, 4 * c, c, t);
        }
    }

    public KvCacheModel(MultiLayerNetwork network, ModelConfig config, ContextPolicy policy) {
        this.w = new GptWeights(network, config);
        this.context = new ContextWindow(config.blockSize(), config.vocabSize(), policy);
        this.t = config.blockSize();
        this.c = config.width();
        this.heads = config.heads();
        this.headSize = config.headSize();
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        this.blocks = new Projections[w.blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new Projections(w.blocks[i], c, t);
        }
        this.windowAttention = new WindowAttention(heads, headSize, t);
        this.keysByChannel = new float[blocks.length][c * t];
        this.values = new float[blocks.length][t * c];
        this.x = new float[t * c];
        this.normed = new float[t * c];
        this.qkv = new float[t * 3 * c];
        this.mixed = new float[t * c];
        this.branch = new float[t * c];
        this.hidden = new float[t * 4 * c];
        this.scores = new float[t];
    }

    @Override
    public int blockSize() {
        return t;
    }

    @Override
    public int vocabSize() {
        return w.vocabSize;
    }

    @Override
    public double[] start(int[] ids) {
        context.reset(ids);
        return forward(0, context.length(), null);
    }

    /**
     * The attention probabilities the network computes for {@code ids}: {@code [layer][head][query][key]},
     * each {@code [T][T]} (T = ids.length) lower-triangular with rows that sum to 1. They come out of
     * the very forward pass that {@link #start} runs (the same {@link WindowAttention} products and
     * softmax), with two differences that do not change any number: every row of the last block
     * goes through attention too (sampling needs only the newest), and short inputs use the batched
     * attention rather than the one-row loop. Layer i is the network's i-th attention block. Like
     * {@link #start}, it replaces the context: the next {@link #append} continues after {@code ids}.
     *
     * @param ids 1 to {@link #blockSize()} ids
     */
    public float[][][][] attention(int[] ids) {
        return read(ids).attention();
    }

    /**
     * {@link #attention} together with the logits of every position: row p's logits are the
     * model's prediction of the character after {@code ids[p]}, from {@code ids[0..p]}. The logits
     * come from the same final LayerNorm and head as {@link #start}'s, applied to every row of the
     * pass that gives the attention, so a page that shows both shows one forward pass.
     *
     * @param ids 1 to {@link #blockSize()} ids
     */
    public WindowReading read(int[] ids) {
        context.reset(ids);
        float[][][][] observed = new float[blocks.length][][][];
        forward(0, context.length(), observed);
        double[][] logits = new double[ids.length][];
        for (int row = 0; row < ids.length; row++) {
            logits[row] = logits(row);
        }
        return new WindowReading(observed, logits);
    }

    @Override
    public int contextLength() {
        return context.length();
    }

    @Override
    public double[] append(int id) {
        boolean moved = context.push(id);
        if (moved) {
            return forward(0, context.length(), null); // every kept character has a new position: recompute them
        }
        return forward(context.length() - 1, 1, null);
    }

    /**
     * Runs positions {@code from..end-1} of the context through the network, given cached keys and
     * values for the positions before {@code from}; caches theirs; returns the last one's logits.
     *
     * @param observed null when sampling; otherwise every layer's attention probabilities go into it
     *                 (then {@code from} is 0, and every row of every block goes through attention)
     */
    private double[] forward(int from, int count, float[][][][] observed) {
        int end = from + count;
        int last = end - 1;
        for (int p = from; p < end; p++) {
            int token = context.id(p) * c;
            int position = p * c;
            for (int j = 0; j < c; j++) {
                x[position + j] = w.tokenEmbedding[token + j] + w.positionEmbedding[position + j];
            }
        }
        for (int layer = 0; layer < blocks.length; layer++) {
            GptWeights.Block b = w.blocks[layer];
            Projections m = blocks[layer];
            // In the last block, earlier rows matter only through their keys and values.
            int active = layer == blocks.length - 1 && observed == null ? last : from;
            int activeRows = end - active;

            // All rows need keys and values; the last block's unused queries cost less than a second product.
            DecoderMath.layerNorm(x, from, count, c, b.ln1Gain, b.ln1Bias, b.layerNormEpsilon, normed);
            m.queryKeyValue.apply(normed, from, count, qkv);
            if (b.qkNorm) {
                // Queries and keys are normalised as they are made: the cache keeps normalised keys.
                DecoderMath.rmsNormHeads(qkv, from, count, 3 * c, 0, heads, headSize, b.queryGain, b.layerNormEpsilon);
                DecoderMath.rmsNormHeads(qkv, from, count, 3 * c, c, heads, headSize, b.keyGain, b.layerNormEpsilon);
            }
            cache(layer, from, end);
            if (observed != null || activeRows >= Linear.NATIVE_MIN_ROWS && active == 0) {
                windowAttention.apply(qkv, 3 * c, keysByChannel[layer], t, values[layer], end, mixed);
                if (observed != null) {
                    observed[layer] = windowAttention.probabilities();
                }
            } else {
                for (int p = active; p < end; p++) {
                    attend(layer, p);
                }
            }
            m.projection.apply(mixed, active, activeRows, branch);
            addToStream(branch, active, end);

            DecoderMath.layerNorm(x, active, activeRows, c, b.ln2Gain, b.ln2Bias, b.layerNormEpsilon, normed);
            m.fc.apply(normed, active, activeRows, hidden);
            if (b.activation == Activation.RELU2) {
                DecoderMath.reluSquared(hidden, active * 4 * c, end * 4 * c);
            } else {
                GeluTable.apply(hidden, active * 4 * c, end * 4 * c);
            }
            m.fc2.apply(hidden, active, activeRows, branch);
            addToStream(branch, active, end);
        }
        return logits(last);
    }

    private void cache(int layer, int from, int end) {
        float[] k = keysByChannel[layer];
        for (int p = from; p < end; p++) {
            int row = p * 3 * c;
            for (int channel = 0; channel < c; channel++) {
                k[channel * t + p] = qkv[row + c + channel];
            }
            System.arraycopy(qkv, row + 2 * c, values[layer], p * c, c);
        }
    }

    /** Causal attention of position {@code p} over positions 0..p, every head, into {@link #mixed}. */
    private void attend(int layer, int p) {
        float[] k = keysByChannel[layer];
        float[] v = values[layer];
        int row = p * c;
        int queryRow = p * 3 * c;
        for (int h = 0; h < heads; h++) {
            int offset = h * headSize;
            Arrays.fill(scores, 0, p + 1, 0f);
            for (int d = 0; d < headSize; d++) {
                float q = qkv[queryRow + offset + d];
                int keyRow = (offset + d) * t;
                for (int key = 0; key <= p; key++) {
                    scores[key] += q * k[keyRow + key];
                }
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int key = 0; key <= p; key++) {
                scores[key] *= scale;
                max = Math.max(max, scores[key]);
            }
            float total = 0;
            for (int key = 0; key <= p; key++) {
                scores[key] = (float) Math.exp(scores[key] - max);
                total += scores[key];
            }
            Arrays.fill(mixed, row + offset, row + offset + headSize, 0f);
            for (int key = 0; key <= p; key++) {
                float weight = scores[key] / total;
                int valueRow = key * c + offset;
                for (int d = 0; d < headSize; d++) {
                    mixed[row + offset + d] += weight * v[valueRow + d];
                }
            }
        }
    }

    private void addToStream(float[] source, int fromRow, int endRow) {
        for (int i = fromRow * c; i < endRow * c; i++) {
            x[i] += source[i];
        }
    }

    /** Final LayerNorm and the bias-free head for one row, accumulated in double. */
    private double[] logits(int row) {
        DecoderMath.layerNorm(x, row, 1, c, w.finalGain, w.finalBias, w.finalEpsilon, normed);
        double[] logits = new double[w.vocabSize];
        int offset = row * c;
        for (int k = 0; k < c; k++) {
            double a = normed[offset + k];
            int wk = k * w.vocabSize;
            for (int id = 0; id < logits.length; id++) {
                logits[id] += a * w.headWeight[wk + id];
            }
        }
        return logits;
    }
}
