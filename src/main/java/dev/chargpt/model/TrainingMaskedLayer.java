package dev.chargpt.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer runtime, taught the difference between training and inference.
 *
 * <p>A SameDiff layer's graph is told nothing about training ({@code defineLayer} has no such
 * flag), so dropout inside it would also fire while sampling. DL4J does feed every SameDiff layer
 * one extra input, its "mask" placeholder, and a layer here owns it: in a training forward pass
 * this runtime feeds a fresh keep mask from {@link DropoutMaskSource}, keeps it, and feeds the same
 * mask to the backward pass (which recomputes the forward pass); at inference the layer's
 * all-ones mask makes dropout the identity.
 */
public class TrainingMaskedLayer extends SameDiffLayer {
    private INDArray trainingMask;

    public TrainingMaskedLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private DropoutMaskSource source() {
        return (DropoutMaskSource) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!source().usesDropoutMask()) {
            return super.activate(training, workspaceMgr);
        }
        trainingMask = training ? source().trainingMask(input, getIterationCount(), getIndex()) : null;
        maskArray = trainingMask;
        try {
            return super.activate(training, workspaceMgr);
        } finally {
            maskArray = null;
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        // DL4J 1.0.0-M2.1 counts the incoming gradient twice in a SameDiff layer: its external-errors
        // op both registers the gradient placeholder as the output's gradient and returns it from
        // doDiff, and the two are summed. Every parameter gradient and the gradient passed down came
        // out exactly 2x the finite-difference value (GradientCheckTest); halving the input fixes both.
        INDArray halved = epsilon.mul(0.5);
        if (!source().usesDropoutMask()) {
            return super.backpropGradient(halved, workspaceMgr);
        }
        if (trainingMask == null) {
            // A backward pass without a training forward pass (a gradient check, say): draw the
            // mask now; it is the one this step's forward pass would have used.
            trainingMask = source().trainingMask(input, getIterationCount(), getIndex());
        }
        maskArray = trainingMask;
        try {
            return super.backpropGradient(halved, workspaceMgr);
        } finally {
            maskArray = null;
            trainingMask = null;
        }
    }
}
