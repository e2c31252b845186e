package dev.chargpt.model;

import dev.chargpt.config.Activation;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * One pre-LayerNorm transformer block: {@code x + attn(ln1(x))}, then {@code x + mlp(ln2(x))}.
 *
 * <p>The attention is written out by hand because DL4J's built-in attention takes only a padding
 * mask and would let the future leak into a language model. Heads are a reshape and batched matrix
 * products, never a Java loop: scores = Q K^T / sqrt(headSize) + causal mask, softmax over keys,
 * times V. Queries, keys and values come from one fused projection (one large product instead of
 * three small ones). The MLP is 4x wide with the exact (erf) GELU or, if the model chose it, ReLU squared.
 *
 * <p>With QK-norm ({@code train --qk-norm}) each head's query and key are RMS-normalised over the
 * head's channels, {@code x / sqrt(mean(x^2) + epsilon)} with the block's LayerNorm epsilon (1e-5),
 * and multiplied by a learned gain per channel (one vector for queries, one for keys, starting at 1,
 * no weight decay) before the scores; see {@link #normaliseQueriesAndKeys}. Without it the block
 * computes exactly what it always did.
 *
 * <p>Dropout (training only, see {@link TrainingMaskedLayer}) sits where nanoGPT puts it: on the
 * attention weights and on each residual branch before it is added.
 */
public class CausalSelfAttentionBlock extends MaskedSameDiffLayer {
    // DL4J splits gradient keys at the last '_' to find the layer: parameter names must not contain one.
    public static final String LN1_GAIN = "ln1Gain";
    public static final String LN1_BIAS = "ln1Bias";
    public static final String QKV_WEIGHT = "qkvWeight";
    public static final String QKV_BIAS = "qkvBias";
    public static final String PROJ_WEIGHT = "projWeight";
    public static final String PROJ_BIAS = "projBias";
    public static final String LN2_GAIN = "ln2Gain";
    public static final String LN2_BIAS = "ln2Bias";
    public static final String FC_WEIGHT = "fcWeight";
    public static final String FC_BIAS = "fcBias";
    public static final String FC2_WEIGHT = "fc2Weight";
    public static final String FC2_BIAS = "fc2Bias";
    /** QK-norm only: the gains of the normalised queries and keys, [C], head-major as the queries' channels. */
    public static final String QUERY_GAIN = "queryGain";
    public static final String KEY_GAIN = "keyGain";

    /**
     * Added to scores of future positions, as PyTorch's {@code masked_fill(-inf)}: exp(-inf) is exactly
     * 0. Not a large finite value: glibc's expf sends exp(-1e9) down its underflow path, which cost
     * about 1 ms of a cpu-small step in the softmax and its derivative. Every row keeps its diagonal,
     * so no row is all -inf.
     */
    static final double MASKED_SCORE = Double.NEGATIVE_INFINITY;

    private int heads;
    private double residualInitStd;
    /** 0 in checkpoints written before LayerNorm had an epsilon (their JSON lacks the field): they keep their maths. */
    private double layerNormEpsilon;
    /** GELU in networks saved before the activation was a choice (their JSON lacks the field): they keep their maths. */
    private Activation mlpActivation = Activation.GELU;
    /** false in networks saved before QK-norm was a choice (their JSON lacks the field): they keep their maths and parameters. */
    private boolean qkNorm;

    public CausalSelfAttentionBlock() {
    }

    /**
     * @param residualInitStd std of the two projections that write into the residual stream;
     *                        nanoGPT uses 0.02 / sqrt(2 * layers) so the stream's variance does not
     *                        grow with depth; 0 under zero-init ({@code train --zero-init}), where
     *                        they start at exactly zero and the block starts as the identity
     */
    public CausalSelfAttentionBlock(int width, int heads, int blockSize, double dropout, long dropoutSeed, double residualInitStd,
                                    double layerNormEpsilon, Activation mlpActivation) {
        this(width, heads, blockSize, dropout, dropoutSeed, residualInitStd, layerNormEpsilon, mlpActivation, false);
    }

    /** @param qkNorm whether the attention RMS-normalises queries and keys, with a learned gain each (QK-norm) */
    public CausalSelfAttentionBlock(int width, int heads, int blockSize, double dropout, long dropoutSeed, double residualInitStd,
                                    double layerNormEpsilon, Activation mlpActivation, boolean qkNorm) {
        this.qkNorm = qkNorm;
        this.layerNormEpsilon = layerNormEpsilon;
        this.mlpActivation = mlpActivation;
        this.width = width;
        this.heads = heads;
        this.blockSize = blockSize;
        this.dropout = dropout;
        this.dropoutSeed = dropoutSeed;
        this.residualInitStd = residualInitStd;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        long c = width;
        // Matrices take weight decay (weight params); gains and biases do not (bias params).
        params.addBiasParam(LN1_GAIN, c);
        params.addBiasParam(LN1_BIAS, c);
        params.addWeightParam(QKV_WEIGHT, c, 3 * c);
        params.addBiasParam(QKV_BIAS, 3 * c);
        if (qkNorm) {
            // Gains, like LayerNorm's: declared as bias params, so they take no weight decay.
            params.addBiasParam(QUERY_GAIN, c);
            params.addBiasParam(KEY_GAIN, c);
        }
        params.addWeightParam(PROJ_WEIGHT, c, c);
        params.addBiasParam(PROJ_BIAS, c);
        params.addBiasParam(LN2_GAIN, c);
        params.addBiasParam(LN2_BIAS, c);
        params.addWeightParam(FC_WEIGHT, c, 4 * c);
        params.addBiasParam(FC_BIAS, 4 * c);
        params.addWeightParam(FC2_WEIGHT, 4 * c, c);
        params.addBiasParam(FC2_BIAS, c);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(LN1_GAIN).assign(1);
        params.get(LN1_BIAS).assign(0);
        params.get(LN2_GAIN).assign(1);
        params.get(LN2_BIAS).assign(0);
        normalInit(params.get(QKV_WEIGHT), INIT_STD);
        params.get(QKV_BIAS).assign(0);
        if (qkNorm) {
            params.get(QUERY_GAIN).assign(1);
            params.get(KEY_GAIN).assign(1);
        }
        normalInit(params.get(PROJ_WEIGHT), residualInitStd);
        params.get(PROJ_BIAS).assign(0);
        normalInit(params.get(FC_WEIGHT), INIT_STD);
        params.get(FC_BIAS).assign(0);
        normalInit(params.get(FC2_WEIGHT), residualInitStd);
        params.get(FC2_BIAS).assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        int t = blockSize;
        int c = width;
        int hs = c / heads;
        DataType type = input.dataType();

        SDVariable attentionKeep = null;
        SDVariable attentionOutKeep = null;
        SDVariable mlpOutKeep = null;
        if (usesDropoutMask()) {
            // One mask input per layer, sliced: [batch, T, heads*T | C | C].
            long a = (long) heads * t;
            attentionKeep = mask.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0L, a))
                    .reshape(-1, t, heads, t).permute(0, 2, 1, 3);
            attentionOutKeep = mask.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(a, a + c)).reshape(-1, c);
            mlpOutKeep = mask.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(a + c, a + 2L * c)).reshape(-1, c);
        }

        SDVariable x = input.reshape(-1, c);                                        // [B*T, C]
        SDVariable h = LayerNorm.apply(x, p.get(LN1_GAIN), p.get(LN1_BIAS), layerNormEpsilon);
        SDVariable qkv = h.mmul(p.get(QKV_WEIGHT)).add(p.get(QKV_BIAS));           // [B*T, 3C]
        SDVariable split = qkv.reshape(-1, t, 3, heads, hs);                         // [B, T, 3, H, hs]
        if (qkNorm) {
            split = normaliseQueriesAndKeys(sd, split, type);
        }
        // [B, T, 3, H, hs] -> [3, B, H, T, hs] -> q, k, v of [B, H, T, hs]
        SDVariable[] qkvHeads = sd.unstack(split.permute(2, 0, 3, 1, 4), 0, 3);
        SDVariable q = qkvHeads[0];
        SDVariable k = qkvHeads[1];
        SDVariable v = qkvHeads[2];

        SDVariable scores;                                                            // [B, H, T, T]
        if (qkNorm) {
            // Only the product of the two gains reaches a score, sum_d (gq_d q_d)(gk_d k_d) / sqrt(hs), so
            // both gains and the 1/sqrt(hs) go onto the queries: one [B, H, T, hs] division, none on the
            // larger scores. The gains' gradients are those of applying each to its own vector. A division,
            // not a product: multiply_bp tiles the smaller operand element by element (see LayerNorm).
            SDVariable queryDivisor = p.get(QUERY_GAIN).mul(p.get(KEY_GAIN)).reshape(1, heads, 1, hs).rdiv(Math.sqrt(hs));
            scores = sd.mmul(q.div(queryDivisor), k, false, true, false);
        } else {
            scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(hs));
        }
        scores = scores.add(sd.constant(causalMask(t, type)));
        SDVariable weights = sd.nn().softmax(scores, -1);
        if (attentionKeep != null) {
            weights = weights.mul(attentionKeep);
        }
        SDVariable attended = sd.mmul(weights, v);                                    // [B, H, T, hs]
        SDVariable merged = attended.permute(0, 2, 1, 3).reshape(-1, c);              // [B*T, C]
        SDVariable attentionOut = merged.mmul(p.get(PROJ_WEIGHT)).add(p.get(PROJ_BIAS));
        if (attentionOutKeep != null) {
            attentionOut = attentionOut.mul(attentionOutKeep);
        }
        x = x.add(attentionOut);

        SDVariable h2 = LayerNorm.apply(x, p.get(LN2_GAIN), p.get(LN2_BIAS), layerNormEpsilon);
        SDVariable hidden = activation(sd, h2.mmul(p.get(FC_WEIGHT)).add(p.get(FC_BIAS)));
        SDVariable mlpOut = hidden.mmul(p.get(FC2_WEIGHT)).add(p.get(FC2_BIAS));
        if (mlpOutKeep != null) {
            mlpOut = mlpOut.mul(mlpOutKeep);
        }
        return x.add(mlpOut).reshape(-1, t, c);
    }

    /**
     * QK-norm's normalisation on the fused projection's heads, {@code [B, T, 3, H, hs]} (query | key |
     * value): each query and key vector divided by its RMS over the head's channels,
     * {@code sqrt(mean(x^2) + epsilon)}, the values left as they are. Six ops for all heads of both:
     * one mean of squares over every head vector, and a constant pair that turns a value's divisor
     * into sqrt(0 * mean + 1) = 1 exactly, instead of slicing the values off and joining them again.
     */
    private SDVariable normaliseQueriesAndKeys(SameDiff sd, SDVariable split, DataType type) {
        SDVariable meanSquare = split.mul(split).mean(true, 4);                           // [B, T, 3, H, 1]
        INDArray normalised = Nd4j.create(new double[]{1, 1, 0}, new long[]{3, 1, 1}, DataType.DOUBLE).castTo(type);
        INDArray offset = Nd4j.create(new double[]{layerNormEpsilon, layerNormEpsilon, 1}, new long[]{3, 1, 1}, DataType.DOUBLE)
                .castTo(type);
        SDVariable rms = sd.math().sqrt(meanSquare.mul(sd.constant(normalised)).add(sd.constant(offset)));
        return split.div(rms);
    }

    /** The MLP's nonlinearity, as the model chose it. */
    SDVariable activation(SameDiff sd, SDVariable x) {
        return switch (mlpActivation) {
            case GELU -> gelu(sd, x);
            case RELU2 -> reluSquared(sd, x);
        };
    }

    /**
     * ReLU squared, relu(x)^2, as modded-nanogpt and Primer: two cheap element-wise ops (and their
     * derivative, 2 relu(x), a few more) where the exact GELU needs an erf and its exp.
     */
    static SDVariable reluSquared(SameDiff sd, SDVariable x) {
        SDVariable positive = x.gt(0.0).castTo(x.dataType());   // a constant of the graph's inputs: no gradient
        SDVariable r = x.mul(positive);
        return r.mul(r);
    }

    /**
     * The exact GELU, x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), as PyTorch's default {@code nn.GELU}.
     * Not {@code sd.nn().gelu} (a sigmoid approximation) nor {@code preciseGelu}, whose backward pass
     * is not the derivative of its forward pass (off by 4e-5 relative in a finite-difference check).
     */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        return x.mul(sd.math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
    }

    /** [T, T]: 0 where key position <= query position, {@link #MASKED_SCORE} above the diagonal. */
    static INDArray causalMask(int t, DataType type) {
        double[] values = new double[t * t];
        for (int query = 0; query < t; query++) {
            for (int key = query + 1; key < t; key++) {
                values[query * t + key] = MASKED_SCORE;
            }
        }
        return Nd4j.create(values, new long[]{t, t}, DataType.DOUBLE).castTo(type);
    }

    @Override
    public long[] maskShape(long batch) {
        return new long[]{batch, blockSize, (long) heads * blockSize + 2L * width};
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(width, blockSize, RNNFormat.NWC);
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    public double getLayerNormEpsilon() {
        return layerNormEpsilon;
    }

    public void setLayerNormEpsilon(double layerNormEpsilon) {
        this.layerNormEpsilon = layerNormEpsilon;
    }

    public Activation getMlpActivation() {
        return mlpActivation;
    }

    /** null (an explicit JSON null) reads as GELU, as a missing field does. */
    public void setMlpActivation(Activation mlpActivation) {
        this.mlpActivation = mlpActivation == null ? Activation.GELU : mlpActivation;
    }

    public boolean isQkNorm() {
        return qkNorm;
    }

    public void setQkNorm(boolean qkNorm) {
        this.qkNorm = qkNorm;
    }

    public double getResidualInitStd() {
        return residualInitStd;
    }

    public void setResidualInitStd(double residualInitStd) {
        this.residualInitStd = residualInitStd;
    }
}
