package dev.chargpt.model;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Output head: final LayerNorm, a bias-free projection to the vocabulary, and the loss.
 *
 * <p>Activations (what {@code output()} returns) are the logits [batch, blockSize, vocab]. Labels are
 * next-character ids [batch, blockSize]. DL4J divides this layer's score by the minibatch size, so
 * the loss returned here is the SUM over the batch of each window's MEAN cross-entropy: the score is
 * then the mean cross-entropy per character in nats, the unit nanoGPT reports.
 */
public class LanguageModelHead extends SameDiffOutputLayer {
    public static final String FINAL_LN_GAIN = "lnfGain";
    public static final String FINAL_LN_BIAS = "lnfBias";
    public static final String HEAD_WEIGHT = "headWeight";
    public static final String LOGITS = "logits";

    private int width;
    private int vocabSize;
    private int blockSize;
    /** 0 in checkpoints written before LayerNorm had an epsilon (their JSON lacks the field): they keep their maths. */
    private double layerNormEpsilon;
    /**
     * The std of the head's weights at initialisation: nanoGPT's 0.02, or 0 under zero-init (the
     * logits start at 0). Only a new network reads it; networks saved before it existed lack the field.
     */
    private double weightInitStd = MaskedSameDiffLayer.INIT_STD;

    public LanguageModelHead() {
    }

    public LanguageModelHead(int width, int vocabSize, int blockSize, double layerNormEpsilon) {
        this(width, vocabSize, blockSize, layerNormEpsilon, MaskedSameDiffLayer.INIT_STD);
    }

    public LanguageModelHead(int width, int vocabSize, int blockSize, double layerNormEpsilon, double weightInitStd) {
        this.layerNormEpsilon = layerNormEpsilon;
        this.width = width;
        this.vocabSize = vocabSize;
        this.blockSize = blockSize;
        this.weightInitStd = weightInitStd;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addBiasParam(FINAL_LN_GAIN, width);
        params.addBiasParam(FINAL_LN_BIAS, width);
        params.addWeightParam(HEAD_WEIGHT, width, vocabSize);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(FINAL_LN_GAIN).assign(1);
        params.get(FINAL_LN_BIAS).assign(0);
        MaskedSameDiffLayer.normalInit(params.get(HEAD_WEIGHT), weightInitStd);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> p) {
        SDVariable x = input.reshape(-1, width);
        SDVariable h = LayerNorm.apply(x, p.get(FINAL_LN_GAIN), p.get(FINAL_LN_BIAS), layerNormEpsilon);
        SDVariable logits2d = h.mmul(p.get(HEAD_WEIGHT));                            // [B*T, V]
        logits2d.reshape(-1, blockSize, vocabSize).rename(LOGITS);
        // Cross-entropy from log-softmax and one-hot labels. Not sparseSoftmaxCrossEntropy: in
        // M2.1 its gradient ignores what comes after it, so scaling its sum gives a wrong gradient.
        SDVariable logProbabilities = sd.nn().logSoftmax(logits2d);
        SDVariable targets = sd.oneHot(labels.reshape(-1), vocabSize, -1, 1.0, 0.0, logits2d.dataType());
        SDVariable loss = logProbabilities.mul(targets).sum().neg().div(blockSize).rename("loss");
        sd.setLossVariables(loss);
        return loss;
    }

    @Override
    public String activationsVertexName() {
        return LOGITS;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(vocabSize, blockSize, RNNFormat.NWC);
    }

    @Override
    public char paramReshapeOrder(String param) {
        return 'c';
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public int getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    public double getLayerNormEpsilon() {
        return layerNormEpsilon;
    }

    public void setLayerNormEpsilon(double layerNormEpsilon) {
        this.layerNormEpsilon = layerNormEpsilon;
    }

    public double getWeightInitStd() {
        return weightInitStd;
    }

    public void setWeightInitStd(double weightInitStd) {
        this.weightInitStd = weightInitStd;
    }

    public int getBlockSize() {
        return blockSize;
    }

    public void setBlockSize(int blockSize) {
        this.blockSize = blockSize;
    }
}
