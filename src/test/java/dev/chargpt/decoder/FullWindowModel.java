package dev.chargpt.decoder;

import dev.chargpt.config.ModelConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The straightforward way: every step runs the whole network on the current context.
 *
 * <p>The context sits left-aligned in a full blockSize window padded with id 0 (the network's shape
 * is fixed by its first forward pass, see {@link WindowLogits}), and the logits are read at the last
 * real position: the causal mask guarantees the padding after it changes nothing. Slow (a whole
 * forward pass of blockSize positions per character) but obviously right: it is the yardstick
 * {@link KvCacheModel} is tested against.
 */
public final class FullWindowModel implements NextCharacterModel {
    private final WindowLogits network;
    private final ContextWindow context;

    public FullWindowModel(MultiLayerNetwork network, ModelConfig config, ContextPolicy policy) {
        this.network = new WindowLogits(network, config);
        this.context = new ContextWindow(config.blockSize(), config.vocabSize(), policy);
    }

    @Override
    public int blockSize() {
        return context.capacity();
    }

    @Override
    public int vocabSize() {
        return network.vocabSize();
    }

    @Override
    public double[] start(int[] ids) {
        context.reset(ids);
        return lastLogits();
    }

    @Override
    public double[] append(int id) {
        context.push(id);
        return lastLogits();
    }

    private double[] lastLogits() {
        float[] all = network.logits(context.paddedIds(), 1);
        int v = network.vocabSize();
        int offset = (context.length() - 1) * v;
        double[] logits = new double[v];
        for (int id = 0; id < v; id++) {
            logits[id] = all[offset + id];
        }
        return logits;
    }

    @Override
    public int contextLength() {
        return context.length();
    }
}
