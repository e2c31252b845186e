package dev.chargpt.decoder;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.model.CausalSelfAttentionBlock;
import dev.chargpt.model.CharEmbeddingLayer;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.LanguageModelHead;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A snapshot of the network's weights as plain float arrays, row-major (a weight [in, out] is read
 * as {@code w[i * out + j]}), copied once so that decoding one character does not cross into
 * native code dozens of times. Later changes to the network (more training) are not seen.
 *
 * <p>Parameters are found by DL4J's key, layer index and name, in the layout {@link GptNetwork}
 * builds (embedding, blocks, head). Every shape is checked against the config so that a
 * network and config that do not belong together fail here, not as garbage text.
 */
final class GptWeights {
    final int vocabSize;
    final int blockSize;
    final int width;
    final int heads;
    final float[] tokenEmbedding;    // [V, C]
    final float[] positionEmbedding; // [T, C]
    final Block[] blocks;
    final float[] finalGain;         // [C]
    final float[] finalBias;         // [C]
    final float[] headWeight;        // [C, V]
    final float finalEpsilon;        // the final LayerNorm's epsilon (0 in checkpoints from before it had one)

    /** One transformer block's parameters; names as in {@link CausalSelfAttentionBlock}. */
    static final class Block {
        final float[] ln1Gain;
        final float[] ln1Bias;
        final float[] qkvWeight;  // [C, 3C]: columns are q | k | v, each head-major (head * hs + d)
        final float[] qkvBias;
        final float[] projWeight; // [C, C]
        final float[] projBias;
        final float[] ln2Gain;
        final float[] ln2Bias;
        final float[] fcWeight;   // [C, 4C]
        final float[] fcBias;
        final float[] fc2Weight;  // [4C, C]
        final float[] fc2Bias;
        final float layerNormEpsilon;
        final Activation activation; // the MLP's, as the layer computes it (GELU in networks from before it was a choice)
        final boolean qkNorm;        // whether attention RMS-normalises queries and keys (QK-norm)
        final float[] queryGain;     // [C] with QK-norm, else null
        final float[] keyGain;       // [C] with QK-norm, else null

        private Block(Reader r, int layer, int c) {
            CausalSelfAttentionBlock conf = (CausalSelfAttentionBlock) r.network.getLayer(layer).conf().getLayer();
            layerNormEpsilon = (float) conf.getLayerNormEpsilon();
            activation = conf.getMlpActivation();
            qkNorm = conf.isQkNorm();
            queryGain = qkNorm ? r.vector(layer, CausalSelfAttentionBlock.QUERY_GAIN, c) : null;
            keyGain = qkNorm ? r.vector(layer, CausalSelfAttentionBlock.KEY_GAIN, c) : null;
            ln1Gain = r.vector(layer, CausalSelfAttentionBlock.LN1_GAIN, c);
            ln1Bias = r.vector(layer, CausalSelfAttentionBlock.LN1_BIAS, c);
            qkvWeight = r.matrix(layer, CausalSelfAttentionBlock.QKV_WEIGHT, c, 3 * c);
            qkvBias = r.vector(layer, CausalSelfAttentionBlock.QKV_BIAS, 3 * c);
            projWeight = r.matrix(layer, CausalSelfAttentionBlock.PROJ_WEIGHT, c, c);
            projBias = r.vector(layer, CausalSelfAttentionBlock.PROJ_BIAS, c);
            ln2Gain = r.vector(layer, CausalSelfAttentionBlock.LN2_GAIN, c);
            ln2Bias = r.vector(layer, CausalSelfAttentionBlock.LN2_BIAS, c);
            fcWeight = r.matrix(layer, CausalSelfAttentionBlock.FC_WEIGHT, c, 4 * c);
            fcBias = r.vector(layer, CausalSelfAttentionBlock.FC_BIAS, 4 * c);
            fc2Weight = r.matrix(layer, CausalSelfAttentionBlock.FC2_WEIGHT, 4 * c, c);
            fc2Bias = r.vector(layer, CausalSelfAttentionBlock.FC2_BIAS, c);
        }
    }

    GptWeights(MultiLayerNetwork network, ModelConfig config) {
        int expectedLayers = GptNetwork.layerCount(config.layers());
        if (network.getnLayers() != expectedLayers) {
            throw new IllegalArgumentException("the network has " + network.getnLayers() + " layers but the config ("
                    + config.layers() + " blocks) implies " + expectedLayers);
        }
        Reader r = new Reader(network);
        vocabSize = config.vocabSize();
        blockSize = config.blockSize();
        width = config.width();
        heads = config.heads();
        int c = width;
        int embedding = GptNetwork.embeddingLayer();
        tokenEmbedding = r.matrix(embedding, CharEmbeddingLayer.TOKEN_EMBEDDING, vocabSize, c);
        positionEmbedding = r.matrix(embedding, CharEmbeddingLayer.POSITION_EMBEDDING, blockSize, c);
        blocks = new Block[config.layers()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new Block(r, GptNetwork.blockLayer(i), c);
            if (blocks[i].activation != config.activation()) {
                throw new IllegalArgumentException("block " + i + " of the network computes " + blocks[i].activation.cliName()
                        + " but the config says " + config.activation().cliName() + "; the network does not match the config");
            }
            if (blocks[i].qkNorm != config.qkNorm()) {
                throw new IllegalArgumentException("block " + i + " of the network " + (blocks[i].qkNorm ? "normalises" : "does not normalise")
                        + " queries and keys (QK-norm) but the config says it " + (config.qkNorm() ? "does" : "does not")
                        + "; the network does not match the config");
            }
        }
        int head = GptNetwork.headLayer(config.layers());
        finalGain = r.vector(head, LanguageModelHead.FINAL_LN_GAIN, c);
        finalBias = r.vector(head, LanguageModelHead.FINAL_LN_BIAS, c);
        headWeight = r.matrix(head, LanguageModelHead.HEAD_WEIGHT, c, vocabSize);
        finalEpsilon = (float) ((LanguageModelHead) network.getLayer(head).conf().getLayer()).getLayerNormEpsilon();
    }

    /** Copies parameters out by key, checking their shapes. */
    private static final class Reader {
        private final MultiLayerNetwork network;

        Reader(MultiLayerNetwork network) {
            this.network = network;
        }

        float[] matrix(int layer, String name, int rows, int columns) {
            INDArray param = param(layer, name);
            if (param.rank() != 2 || param.size(0) != rows || param.size(1) != columns) {
                throw mismatch(layer, name, param, "[" + rows + ", " + columns + "]");
            }
            return copy(param);
        }

        float[] vector(int layer, String name, int length) {
            INDArray param = param(layer, name);
            if (param.length() != length) {
                throw mismatch(layer, name, param, "length " + length);
            }
            return copy(param);
        }

        private INDArray param(int layer, String name) {
            String key = GptNetwork.paramKey(layer, name);
            if (!network.paramTable().containsKey(key)) {
                throw new IllegalArgumentException("the network has no parameter " + key + "; is it a chargpt GPT network?");
            }
            return network.getParam(key);
        }

        /** dup('c') makes a fresh row-major copy: a parameter is a view into one flat buffer. */
        private static float[] copy(INDArray param) {
            return param.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }

        private static IllegalArgumentException mismatch(int layer, String name, INDArray param, String expected) {
            return new IllegalArgumentException("parameter " + GptNetwork.paramKey(layer, name) + " has shape "
                    + Arrays.toString(param.shape()) + ", expected " + expected + "; the network does not match the config");
        }
    }
}
