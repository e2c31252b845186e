package dev.chargpt.model;

import dev.chargpt.optim.WarmupCosineSchedule;
import dev.chargpt.optim.WarmupStableDecaySchedule;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Builds the GPT as a DL4J network: embedding, {@code layers} causal attention blocks, head.
 *
 * <p>The layer layout (layer 0 the embedding, 1..layers the blocks, layers + 1 the head) is known
 * here only: code that reads a network's layers or parameters asks {@link #embeddingLayer()},
 * {@link #blockLayer(int)}, {@link #headLayer(int)} and {@link #paramKey(int, String)} rather than
 * counting for itself. Checkpoints store layers by index, so this layout cannot change.
 *
 * <p>Weight decay is DL4J's decoupled {@code WeightDecay} (AdamW) on weight parameters only: the
 * layers declare matrices as weights and LayerNorm gains and biases as biases, which take none.
 * Gradient clipping is global (see {@link GlobalNormClipping}), not DL4J's per-layer clipping.
 */
public final class GptNetwork {
    /**
     * PyTorch's (and nanoGPT's) LayerNorm epsilon. Networks saved before LayerNorm had one load with
     * 0, the value their layers' JSON lacks, and so compute what they always did.
     */
    public static final double LAYER_NORM_EPSILON = 1e-5;

    private GptNetwork() {
    }

    /** The embedding's layer index: the first layer. */
    public static int embeddingLayer() {
        return 0;
    }

    /** The layer index of attention block {@code block}, counted from 0 as in a loop over the blocks. */
    public static int blockLayer(int block) {
        return 1 + block;
    }

    /** The head's layer index in a network of {@code blocks} attention blocks: the last layer. */
    public static int headLayer(int blocks) {
        return blocks + 1;
    }

    /** How many layers a network of {@code blocks} attention blocks has: embedding, blocks, head. */
    public static int layerCount(int blocks) {
        return blocks + 2;
    }

    /** How many attention blocks {@code network} has. */
    public static int blockCount(MultiLayerNetwork network) {
        return network.getnLayers() - 2;
    }

    /** DL4J's key for parameter {@code name} of layer {@code layer} in the network's parameter table. */
    public static String paramKey(int layer, String name) {
        return layer + "_" + name;
    }

    public static MultiLayerNetwork create(ModelConfig model, OptimizerConfig optimizer, long seed) {
        return create(model, optimizer, seed, DataType.FLOAT);
    }

    public static MultiLayerNetwork create(ModelConfig model, OptimizerConfig optimizer, long seed, DataType type) {
        IUpdater adam = Adam.builder()
                .learningRateSchedule(schedule(optimizer))
                .beta1(optimizer.beta1()).beta2(optimizer.beta2()).epsilon(1e-8)
                .build();
        return create(model, adam, optimizer.weightDecay(), seed, type);
    }

    /** The learning rate at each step: what Adam applies, and what the loss history records. */
    public static ISchedule schedule(OptimizerConfig optimizer) {
        return switch (optimizer.schedule()) {
            case COSINE -> new WarmupCosineSchedule(optimizer.learningRate(), optimizer.minLearningRate(),
                    optimizer.warmupSteps(), optimizer.decaySteps());
            case WSD -> new WarmupStableDecaySchedule(optimizer.learningRate(), optimizer.minLearningRate(),
                    optimizer.warmupSteps(), optimizer.decaySteps(),
                    WarmupStableDecaySchedule.cooldownSteps(optimizer.decaySteps(), optimizer.cooldown()));
        };
    }

    public static MultiLayerNetwork create(ModelConfig model, IUpdater updater, double weightDecay, long seed, DataType type) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(model, updater, weightDecay, seed, type));
        network.init();
        return network;
    }

    static MultiLayerConfiguration configuration(ModelConfig m, IUpdater updater, double weightDecay, long seed, DataType type) {
        // Zero-init (modded-nanogpt): each block starts as the identity and the logits as 0 (a uniform
        // prediction); everything else keeps nanoGPT's initialisation, drawn as it would be without it.
        double residualStd = m.zeroInit() ? 0 : MaskedSameDiffLayer.INIT_STD / Math.sqrt(2.0 * m.layers());
        double headStd = m.zeroInit() ? 0 : MaskedSameDiffLayer.INIT_STD;
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(type)
                .updater(updater)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (weightDecay > 0) {
            builder.weightDecay(weightDecay, true);
        }
        // In the order of embeddingLayer(), blockLayer(0..layers-1), headLayer(layers).
        NeuralNetConfiguration.ListBuilder list = builder.list();
        list.layer(new CharEmbeddingLayer(m.vocabSize(), m.blockSize(), m.width(), m.dropout(), seed));
        for (int i = 0; i < m.layers(); i++) {
            list.layer(new CausalSelfAttentionBlock(m.width(), m.heads(), m.blockSize(), m.dropout(), seed, residualStd,
                    LAYER_NORM_EPSILON, m.activation(), m.qkNorm()));
        }
        list.layer(new LanguageModelHead(m.width(), m.vocabSize(), m.blockSize(), LAYER_NORM_EPSILON, headStd));
        list.setInputType(InputType.feedForward(m.blockSize()));
        return list.build();
    }
}
