package dev.chargpt.config;

import dev.chargpt.BadInputException;

import static dev.chargpt.Setting.ACTIVATION;
import static dev.chargpt.Setting.BLOCK_SIZE;
import static dev.chargpt.Setting.DROPOUT;
import static dev.chargpt.Setting.HEADS;
import static dev.chargpt.Setting.LAYERS;
import static dev.chargpt.Setting.WIDTH;

/**
 * The shape of the transformer. Every size derives from here, and the vocabulary size from the
 * corpus: nothing is hard-coded to Shakespeare's 65 characters.
 *
 * @param vocabSize number of distinct characters (code points) in the vocabulary
 * @param layers    number of transformer blocks
 * @param heads     attention heads per block; must divide {@code width}
 * @param width     embedding width (channels of the residual stream)
 * @param blockSize context length in characters
 * @param dropout   dropout probability in training, in [0, 1)
 * @param activation the MLP's nonlinearity
 * @param zeroInit  whether the two projections that write into each block's residual stream
 *                  (attention output, the MLP's second matrix) and the head's weights start at zero
 *                  instead of N(0, 0.02) (modded-nanogpt's initialisation); only the starting
 *                  weights differ, not the maths
 * @param qkNorm    whether attention RMS-normalises each head's query and key, each times a learned
 *                  per-channel gain, before their product (QK-norm; two gain vectors per block)
 */
public record ModelConfig(int vocabSize, int layers, int heads, int width, int blockSize, double dropout,
                          Activation activation, boolean zeroInit, boolean qkNorm) {

    /** A model with the exact GELU, as every model was before the activation became a choice. */
    public ModelConfig(int vocabSize, int layers, int heads, int width, int blockSize, double dropout) {
        this(vocabSize, layers, heads, width, blockSize, dropout, Activation.GELU);
    }

    /** A model initialised as nanoGPT does, as every model was before zero-init became a choice. */
    public ModelConfig(int vocabSize, int layers, int heads, int width, int blockSize, double dropout, Activation activation) {
        this(vocabSize, layers, heads, width, blockSize, dropout, activation, false);
    }

    /** A model whose attention does not normalise queries and keys, as every model before QK-norm became a choice. */
    public ModelConfig(int vocabSize, int layers, int heads, int width, int blockSize, double dropout, Activation activation,
                       boolean zeroInit) {
        this(vocabSize, layers, heads, width, blockSize, dropout, activation, zeroInit, false);
    }

    public ModelConfig {
        require(vocabSize >= 2, "the vocabulary has " + vocabSize + " characters; the corpus needs at least 2 distinct characters");
        require(layers >= 1 && layers <= 256, LAYERS + " must be between 1 and 256, got " + layers);
        require(heads >= 1, HEADS + " must be at least 1, got " + heads);
        require(width >= 1 && width <= 65_536, WIDTH + " must be between 1 and 65536, got " + width);
        require(width % heads == 0, HEADS + " (" + heads + ") must divide " + WIDTH + " (" + width + "); try "
                + WIDTH + " " + (Math.max(1, width / heads) * heads));
        require(blockSize >= 1 && blockSize <= 65_536, BLOCK_SIZE + " must be between 1 and 65536, got " + blockSize);
        require(dropout >= 0 && dropout < 1, DROPOUT + " must be in [0, 1), got " + dropout);
        require(activation != null, ACTIVATION + " must be gelu or relu2");
    }

    /** The same model with another MLP activation. */
    public ModelConfig withActivation(Activation other) {
        return new ModelConfig(vocabSize, layers, heads, width, blockSize, dropout, other, zeroInit, qkNorm);
    }

    /** The same model, its residual projections and head started at zero or not. */
    public ModelConfig withZeroInit(boolean zero) {
        return new ModelConfig(vocabSize, layers, heads, width, blockSize, dropout, activation, zero, qkNorm);
    }

    /** The same model with or without QK-norm in its attention. */
    public ModelConfig withQkNorm(boolean normalised) {
        return new ModelConfig(vocabSize, layers, heads, width, blockSize, dropout, activation, zeroInit, normalised);
    }

    public int headSize() {
        return width / heads;
    }

    /**
     * Trainable parameters: token and position embeddings, per block two LayerNorms, the fused
     * query/key/value projection, the output projection and the 4x MLP (weights and biases), with
     * QK-norm the query and key gains, then the final LayerNorm and the bias-free head.
     */
    public long parameterCount() {
        long c = width;
        long perBlock = 12 * c * c + 13 * c + (qkNorm ? 2 * c : 0);
        return (long) vocabSize * c + (long) blockSize * c + layers * perBlock + 2 * c + c * vocabSize;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new BadInputException(message);
        }
    }
}
