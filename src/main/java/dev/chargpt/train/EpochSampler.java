package dev.chargpt.train;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Writes the text shown after each epoch, so a user sees the model learn. */
@FunctionalInterface
public interface EpochSampler {
    /** Text of {@code length} characters from a seed that depends only on the run's seed and the epoch. */
    String sample(MultiLayerNetwork network, ModelConfig config, Vocabulary vocabulary, long seed, int length);
}
