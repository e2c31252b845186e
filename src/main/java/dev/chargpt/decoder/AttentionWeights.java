package dev.chargpt.decoder;

import java.util.List;

/**
 * What every attention head of a model looked at for one text: the text's characters and, per
 * layer and head, the {@code [T][T]} probabilities (query rows, key columns) its softmax gave,
 * as {@link KvCacheModel#attention} computed them. Row q sums to 1 over keys 0..q and is 0 after q.
 *
 * @param tokens  the T characters, one string (one code point) each, oldest first
 * @param weights {@code [layers][heads][T][T]}, bertviz's layout (one batch element fewer)
 */
public record AttentionWeights(List<String> tokens, float[][][][] weights) {

    public AttentionWeights {
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty() || weights.length == 0 || weights[0].length == 0) {
            throw new IllegalArgumentException("attention weights need at least one character, layer and head");
        }
        int heads = weights[0].length;
        int t = tokens.size();
        for (float[][][] layer : weights) {
            if (layer.length != heads) {
                throw new IllegalArgumentException("every layer needs " + heads + " heads, got " + layer.length);
            }
            for (float[][] head : layer) {
                if (head.length != t) {
                    throw new IllegalArgumentException("every head needs " + t + " query rows, got " + head.length);
                }
                for (float[] row : head) {
                    if (row.length != t) {
                        throw new IllegalArgumentException("every row needs " + t + " keys, got " + row.length);
                    }
                }
            }
        }
    }

    /** The weights of the model for {@code tokens} (the characters of {@code ids}), from the sampling decoder. */
    public static AttentionWeights of(KvCacheModel model, int[] ids, List<String> tokens) {
        if (ids.length != tokens.size()) {
            throw new IllegalArgumentException(ids.length + " ids but " + tokens.size() + " characters");
        }
        return new AttentionWeights(tokens, model.attention(ids));
    }

    public int layers() {
        return weights.length;
    }

    public int heads() {
        return weights[0].length;
    }

    /** T, the number of characters. */
    public int length() {
        return tokens.size();
    }

    /** One head's {@code [T][T]} matrix (not a copy). */
    public float[][] head(int layer, int head) {
        return weights[layer][head];
    }
}
