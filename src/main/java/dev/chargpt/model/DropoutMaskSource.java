package dev.chargpt.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer whose dropout masks come in through DL4J's mask input; see {@link TrainingMaskedLayer}. */
public interface DropoutMaskSource {
    /** False when dropout is off: the graph then ignores the mask and none is drawn. */
    boolean usesDropoutMask();

    /** The keep mask for one training step, a function of the step and the layer alone. */
    INDArray trainingMask(INDArray layerInput, long iteration, int layerIndex);
}
