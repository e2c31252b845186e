package dev.chargpt.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Character embedding: token embedding plus learned position embedding.
 *
 * <p>In: character ids [batch, blockSize] (floating point, as DL4J feeds features). Out: the
 * residual stream [batch, blockSize, width]. The lookup is a one-hot matrix product rather than
 * {@code sd.gather}, whose backward pass in DL4J 1.0.0-M2.1 runs one sub-graph per index and takes
 * seconds per step.
 */
public class CharEmbeddingLayer extends MaskedSameDiffLayer {
    public static final String TOKEN_EMBEDDING = "wte";
    public static final String POSITION_EMBEDDING = "wpe";

    private int vocabSize;

    public CharEmbeddingLayer() {
    }

    public CharEmbeddingLayer(int vocabSize, int blockSize, int width, double dropout, long dropoutSeed) {
        this.vocabSize = vocabSize;
        this.blockSize = blockSize;
        this.width = width;
        this.dropout = dropout;
        this.dropoutSeed = dropoutSeed;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        // Both embeddings are matrices and take weight decay, as in nanoGPT.
        params.addWeightParam(TOKEN_EMBEDDING, vocabSize, width);
        params.addWeightParam(POSITION_EMBEDDING, blockSize, width);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        normalInit(params.get(TOKEN_EMBEDDING), INIT_STD);
        normalInit(params.get(POSITION_EMBEDDING), INIT_STD);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable ids, Map<String, SDVariable> params, SDVariable mask) {
        DataType type = ids.dataType();
        // Floating-point ids straight into oneHot: DL4J asks every layer for the gradient with respect
        // to its input, and a cast to int would leave the ids without one (oneHot's is zero).
        SDVariable oneHot = sd.oneHot(ids.reshape(-1), vocabSize, -1, 1.0, 0.0, type);
        SDVariable tokens = oneHot.mmul(params.get(TOKEN_EMBEDDING)).reshape(-1, blockSize, width);
        SDVariable x = tokens.add(params.get(POSITION_EMBEDDING));
        if (usesDropoutMask()) {
            x = x.mul(mask.reshape(-1, blockSize, width));
        }
        return x;
    }

    @Override
    public long[] maskShape(long batch) {
        return new long[]{batch, (long) blockSize * width};
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(width, blockSize, RNNFormat.NWC);
    }

    public int getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(int vocabSize) {
        this.vocabSize = vocabSize;
    }
}
