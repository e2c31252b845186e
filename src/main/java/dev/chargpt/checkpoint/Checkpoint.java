package dev.chargpt.checkpoint;

import dev.chargpt.config.RunConfig;
import dev.chargpt.data.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded checkpoint: the network (with its Adam state) and everything needed to continue or use it.
 *
 * @param network the weights as trained, to continue training from
 * @param average the run's average of the weights ({@code --ema}), flat in parameter order; null where the run keeps none
 */
public record Checkpoint(MultiLayerNetwork network, RunConfig config, TrainingState state, Vocabulary vocabulary,
                         byte[] history, INDArray average) {

    /**
     * The network with the weights to use the model with (sample, eval, attention, a fine-tuning's
     * start): the average where the run kept one, which its validation measured, else as trained.
     * Takes the average into {@link #network()}: call it on a checkpoint read for use, not for resuming.
     */
    public MultiLayerNetwork networkForUse() {
        if (average != null) {
            network.setParams(average);
        }
        return network;
    }
}
