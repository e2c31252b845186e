package dev.chargpt.spark;

import dev.chargpt.BadInputException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Locale;

/**
 * Fails a Spark run that does not learn. DL4J's gradient sharing can train nothing without a word
 * (spark-notes.md: on one host, until each executor's address differed from the driver's); the
 * driver's weights then stay as they were. After every call this compares them with the weights
 * before it: unchanged weights after steps that ran are a run that cannot learn.
 */
final class LearningGuard {
    private INDArray before;

    /** Remembers the driver's weights before a call. */
    void before(MultiLayerNetwork network) {
        before = network.params().dup();
    }

    /** Refuses to go on when the weights did not move over steps {@code first} to {@code last}. */
    void after(MultiLayerNetwork network, long first, long last, String hint) {
        boolean moved = !before.equals(network.params());
        before = null;
        if (!moved) {
            throw new BadInputException(String.format(Locale.ROOT, "Spark trained nothing in steps %,d-%,d: the weights did"
                    + " not change, so this run cannot learn; %s", first, last, hint));
        }
    }
}
