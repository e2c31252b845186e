package dev.chargpt.model;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The same forward pass as the DL4J network, written with plain loops in double precision and
 * no ND4J, from the formulas: the yardstick the SameDiff graph is checked against.
 */
final class ReferenceGpt {
    private final ModelConfig config;
    private final MultiLayerNetwork network;

    ReferenceGpt(ModelConfig config, MultiLayerNetwork network) {
        this.config = config;
        this.network = network;
    }

    private double[] param(int layer, String name) {
        return network.getParam(GptNetwork.paramKey(layer, name)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    }

    /** Logits [t][vocab] for one window of ids. */
    double[][] logits(int[] ids) {
        return run(ids, null);
    }

    /** The attention probabilities [layer][head][query][key] of one window of ids, zero above the diagonal. */
    double[][][][] attention(int[] ids) {
        double[][][][] probabilities = new double[config.layers()][config.heads()][ids.length][ids.length];
        run(ids, probabilities);
        return probabilities;
    }

    private double[][] run(int[] ids, double[][][][] probabilities) {
        int t = ids.length;
        int c = config.width();
        int v = config.vocabSize();
        double[] wte = param(GptNetwork.embeddingLayer(), CharEmbeddingLayer.TOKEN_EMBEDDING);
        double[] wpe = param(GptNetwork.embeddingLayer(), CharEmbeddingLayer.POSITION_EMBEDDING);
        double[][] x = new double[t][c];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < c; j++) {
                x[i][j] = wte[ids[i] * c + j] + wpe[i * c + j];
            }
        }
        for (int block = 0; block < config.layers(); block++) {
            x = block(GptNetwork.blockLayer(block), x, probabilities == null ? null : probabilities[block]);
        }
        int head = GptNetwork.headLayer(config.layers());
        double[][] h = layerNorm(x, param(head, LanguageModelHead.FINAL_LN_GAIN), param(head, LanguageModelHead.FINAL_LN_BIAS));
        return matmul(h, param(head, LanguageModelHead.HEAD_WEIGHT), null, v);
    }

    /** Mean cross-entropy over the window, in nats. */
    double loss(int[] ids, int[] targets) {
        double[][] logits = logits(ids);
        double sum = 0;
        for (int i = 0; i < ids.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits[i]) {
                max = Math.max(max, z);
            }
            double norm = 0;
            for (double z : logits[i]) {
                norm += Math.exp(z - max);
            }
            sum += -(logits[i][targets[i]] - max - Math.log(norm));
        }
        return sum / ids.length;
    }

    /** @param probabilities null, or [head][query][key] to fill with the block's attention probabilities */
    private double[][] block(int layer, double[][] x, double[][][] probabilities) {
        int t = x.length;
        int c = config.width();
        int heads = config.heads();
        int hs = c / heads;
        double[][] h = layerNorm(x, param(layer, CausalSelfAttentionBlock.LN1_GAIN), param(layer, CausalSelfAttentionBlock.LN1_BIAS));
        double[][] qkv = matmul(h, param(layer, CausalSelfAttentionBlock.QKV_WEIGHT), param(layer, CausalSelfAttentionBlock.QKV_BIAS), 3 * c);
        if (config.qkNorm()) {
            double[] queryGain = param(layer, CausalSelfAttentionBlock.QUERY_GAIN);
            double[] keyGain = param(layer, CausalSelfAttentionBlock.KEY_GAIN);
            for (double[] row : qkv) {
                for (int head = 0; head < heads; head++) {
                    rmsNorm(row, head * hs, hs, queryGain);
                    rmsNorm(row, c + head * hs, hs, keyGain);
                }
            }
        }
        double[][] attended = new double[t][c];
        for (int head = 0; head < heads; head++) {
            for (int query = 0; query < t; query++) {
                double[] scores = new double[query + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int key = 0; key <= query; key++) {
                    double dot = 0;
                    for (int d = 0; d < hs; d++) {
                        dot += qkv[query][head * hs + d] * qkv[key][c + head * hs + d];
                    }
                    scores[key] = dot / Math.sqrt(hs);
                    max = Math.max(max, scores[key]);
                }
                double norm = 0;
                for (int key = 0; key <= query; key++) {
                    scores[key] = Math.exp(scores[key] - max);
                    norm += scores[key];
                }
                for (int key = 0; key <= query; key++) {
                    if (probabilities != null) {
                        probabilities[head][query][key] = scores[key] / norm;
                    }
                    for (int d = 0; d < hs; d++) {
                        attended[query][head * hs + d] += scores[key] / norm * qkv[key][2 * c + head * hs + d];
                    }
                }
            }
        }
        double[][] projected = matmul(attended, param(layer, CausalSelfAttentionBlock.PROJ_WEIGHT), param(layer, CausalSelfAttentionBlock.PROJ_BIAS), c);
        double[][] afterAttention = add(x, projected);
        double[][] h2 = layerNorm(afterAttention, param(layer, CausalSelfAttentionBlock.LN2_GAIN), param(layer, CausalSelfAttentionBlock.LN2_BIAS));
        double[][] hidden = matmul(h2, param(layer, CausalSelfAttentionBlock.FC_WEIGHT), param(layer, CausalSelfAttentionBlock.FC_BIAS), 4 * c);
        for (double[] row : hidden) {
            for (int j = 0; j < row.length; j++) {
                row[j] = config.activation() == Activation.RELU2 ? reluSquared(row[j]) : gelu(row[j]);
            }
        }
        double[][] mlp = matmul(hidden, param(layer, CausalSelfAttentionBlock.FC2_WEIGHT), param(layer, CausalSelfAttentionBlock.FC2_BIAS), c);
        return add(afterAttention, mlp);
    }

    /**
     * QK-norm of one head's query or key, in place: row[from..from+n) divided by its RMS,
     * sqrt(mean(x^2) + 1e-5), times the gain of its channel (gain is indexed by channel within the
     * query or key part, {@code from % width}).
     */
    private void rmsNorm(double[] row, int from, int n, double[] gain) {
        double squares = 0;
        for (int d = 0; d < n; d++) {
            squares += row[from + d] * row[from + d];
        }
        double rms = Math.sqrt(squares / n + GptNetwork.LAYER_NORM_EPSILON);
        int channel = from % config.width();
        for (int d = 0; d < n; d++) {
            row[from + d] = row[from + d] / rms * gain[channel + d];
        }
    }

    /** ReLU squared, max(x, 0)^2. */
    static double reluSquared(double x) {
        double r = Math.max(x, 0);
        return r * r;
    }

    /** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)). */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Maclaurin series (|x| < 3) or continued fraction: far below 1e-12 error, no library. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double result;
        if (ax < 3) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz, backwards)
            double fraction = ax;
            for (int k = 60; k >= 1; k--) {
                fraction = ax + (k / 2.0) / fraction;
            }
            result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction;
        }
        return x < 0 ? -result : result;
    }

    static double[][] layerNorm(double[][] x, double[] gain, double[] bias) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double value : x[i]) {
                mean += value;
            }
            mean /= x[i].length;
            double variance = 0;
            for (double value : x[i]) {
                variance += (value - mean) * (value - mean);
            }
            variance /= x[i].length;
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(variance + 1e-5) * gain[j] + bias[j];
            }
        }
        return out;
    }

    /** x [n][k] times w (row-major [k][m]) plus bias [m] (or none). */
    static double[][] matmul(double[][] x, double[] w, double[] bias, int m) {
        double[][] out = new double[x.length][m];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < m; j++) {
                double sum = bias == null ? 0 : bias[j];
                for (int k = 0; k < x[i].length; k++) {
                    sum += x[i][k] * w[k * m + j];
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }
}
