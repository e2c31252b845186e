package dev.chargpt.checkpoint;

import dev.chargpt.config.RunConfig;
import dev.chargpt.data.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A loaded checkpoint: the network (with its Adam state) and everything needed to continue or use it. */
public record Checkpoint(MultiLayerNetwork network, RunConfig config, TrainingState state, Vocabulary vocabulary,
                         byte[] history) {
}
