package dev.chargpt.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;
import java.util.Map;

/**
 * Common ground of chargpt's hidden layers: they run on {@link TrainingMaskedLayer}, so dropout is
 * on in training and off at inference, and their weights start as N(0, 0.02) like nanoGPT's.
 *
 * <p>DL4J serialises layers by class name: keep the package and class names of subclasses stable
 * (renaming one breaks every saved model), keep a no-arg constructor and setters for each field.
 */
public abstract class MaskedSameDiffLayer extends SameDiffLayer implements DropoutMaskSource {
    public static final double INIT_STD = 0.02;

    protected int blockSize;
    protected int width;
    protected double dropout;
    protected long dropoutSeed;

    protected MaskedSameDiffLayer() {
    }

    @Override
    public boolean usesDropoutMask() {
        return dropout > 0;
    }

    @Override
    public INDArray trainingMask(INDArray layerInput, long iteration, int layerIndex) {
        return DropoutMasks.keepMask(dropout, dropoutSeed, iteration, layerIndex, layerInput.dataType(),
                maskShape(layerInput.size(0)));
    }

    /** At inference (and whenever dropout is off) the mask keeps everything at scale 1. */
    @Override
    public INDArray onesMaskForInput(INDArray input) {
        if (!usesDropoutMask()) {
            long[] shape = new long[input.rank()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = input.size(0);
            return Nd4j.ones(input.dataType(), shape);
        }
        return Nd4j.ones(input.dataType(), maskShape(input.size(0)));
    }

    /** The mask has the rank of the layer input, because DL4J declares its placeholder that way. */
    public abstract long[] maskShape(long batch);

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        TrainingMaskedLayer layer = new TrainingMaskedLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        layer.setListeners(listeners);
        return layer;
    }

    /**
     * N(0, std), or exact zeros for a std of 0 (zero-init). The values are drawn either way, so the
     * parameters initialised after this one get the same values with and without zero-init.
     */
    static void normalInit(INDArray param, double std) {
        INDArray draws = Nd4j.randn(param.dataType(), param.shape());
        param.assign(std == 0 ? draws.assign(0) : draws.muli(std));
    }

    public int getBlockSize() {
        return blockSize;
    }

    public void setBlockSize(int blockSize) {
        this.blockSize = blockSize;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public double getDropout() {
        return dropout;
    }

    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    public long getDropoutSeed() {
        return dropoutSeed;
    }

    public void setDropoutSeed(long dropoutSeed) {
        this.dropoutSeed = dropoutSeed;
    }
}
