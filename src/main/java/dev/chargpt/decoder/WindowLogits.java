package dev.chargpt.decoder;

import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


/**
 * Runs the network on whole windows of character ids and hands back its logits as a plain array.
 *
 * <p>Always exactly blockSize columns: a DL4J SameDiff layer fixes every dimension but the batch on
 * its first forward pass, so a shorter window would fail or, worse, decide the shape for training.
 * Callers put shorter text left-aligned in a window and pad it; the causal mask makes the padding
 * invisible to every position before it.
 *
 * <p>The head ({@code LanguageModelHead}) returns raw logits, not log-probabilities, in the
 * [batch, time, vocab] (NWC) layout; the shape is checked on every call so a change there fails
 * loudly instead of scrambling positions and characters.
 */
public final class WindowLogits implements BatchedLogits {
    private final MultiLayerNetwork network;
    private final int blockSize;
    private final int vocabSize;
    private final DataType type;

    public WindowLogits(MultiLayerNetwork network, ModelConfig config) {
        this.network = network;
        this.blockSize = config.blockSize();
        this.vocabSize = config.vocabSize();
        this.type = network.params().dataType();
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public float[] logits(int[] ids, int windows) {
        INDArray output = network.output(BatchedLogits.input(ids, windows, blockSize, type), false);
        return BatchedLogits.flat(output, windows, blockSize, vocabSize);
    }
}
