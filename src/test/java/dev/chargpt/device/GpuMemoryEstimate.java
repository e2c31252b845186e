package dev.chargpt.device;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;

import java.util.Locale;
import java.util.Objects;

/**
 * How much GPU memory training needs, computed from the model's sizes and the batch size (not
 * measured: no supported GPU was available to measure it on).
 *
 * <p>All in 32-bit floats (4 bytes). Training state: weights, gradients and Adam's two moments,
 * 16 bytes per parameter. Activations kept for the backward pass, with B = batch, T = context,
 * C = width, H = heads, V = vocabulary, per transformer block:
 * <ul>
 *   <li>{@value #BLOCK_BTC_TENSORS} tensors of B x T x C: block input, LayerNorm 1 output, query, key
 *       and value, attention output, its merge of the heads, the projection, the residual sum,
 *       LayerNorm 2 output and the MLP output; with dropout {@value #BLOCK_BTC_DROPOUT} more (two
 *       keep masks and the two dropped branches);</li>
 *   <li>{@value #BLOCK_ATTENTION_TENSORS} tensors of B x H x T x T: attention scores and
 *       probabilities; with dropout {@value #BLOCK_ATTENTION_DROPOUT} more (keep mask, dropped
 *       probabilities);</li>
 *   <li>{@value #BLOCK_MLP_TENSORS} tensors of B x T x 4C: the MLP's pre-activation, the erf term of
 *       the exact GELU, and the GELU output;</li>
 * </ul>
 * and outside the blocks the one-hot input and two B x T x C tensors of the embedding (two more with
 * dropout), the final LayerNorm output, and {@value #HEAD_BTV_TENSORS} tensors of B x T x V (logits,
 * log-probabilities, one-hot targets and their product).
 *
 * <p>The sum is multiplied by {@link #SAFETY_FACTOR}, for what the count leaves out: gradients of
 * the activations, which coexist with them during a block's backward pass, copies made by reshapes
 * and permutes, and ND4J workspaces, which keep their peak size. {@link #CUDA_OVERHEAD_BYTES} is
 * added for the CUDA context and the cuBLAS and cuSOLVER handles. For comparison, the gpu-baby
 * model measured 12-17 GB of process memory training on the CPU.
 */
public record GpuMemoryEstimate(ModelConfig model, int batchSize) {
    public static final double SAFETY_FACTOR = 2.0;
    public static final long CUDA_OVERHEAD_BYTES = 512L << 20;
    static final int FLOAT_BYTES = 4;
    /** Weights, gradients, Adam's first and second moments. */
    static final int STATE_FLOATS_PER_PARAMETER = 4;
    static final int BLOCK_BTC_TENSORS = 11;
    static final int BLOCK_BTC_DROPOUT = 4;
    static final int BLOCK_ATTENTION_TENSORS = 2;
    static final int BLOCK_ATTENTION_DROPOUT = 2;
    static final int BLOCK_MLP_TENSORS = 3;
    static final int EMBEDDING_BTC_TENSORS = 2;
    static final int EMBEDDING_BTC_DROPOUT = 2;
    static final int HEAD_BTC_TENSORS = 1;
    static final int HEAD_BTV_TENSORS = 4;

    public GpuMemoryEstimate {
        Objects.requireNonNull(model, "model");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize);
        }
    }

    public static GpuMemoryEstimate forPreset(Preset preset, int vocabSize) {
        // A step's batch: every worker's replica sits on the same GPU.
        return new GpuMemoryEstimate(ConfigResolver.model(preset, Overrides.none(), vocabSize), preset.batchSize * preset.workers);
    }

    /** Weights, gradients and Adam state: 16 bytes per parameter. */
    public long trainingStateBytes() {
        return model.parameterCount() * STATE_FLOATS_PER_PARAMETER * FLOAT_BYTES;
    }

    public long activationBytes() {
        long b = batchSize;
        long t = model.blockSize();
        long c = model.width();
        long h = model.heads();
        long v = model.vocabSize();
        boolean dropout = model.dropout() > 0;
        long btc = b * t * c;
        long perBlock = btc * (BLOCK_BTC_TENSORS + (dropout ? BLOCK_BTC_DROPOUT : 0))
                + b * h * t * t * (BLOCK_ATTENTION_TENSORS + (dropout ? BLOCK_ATTENTION_DROPOUT : 0))
                + b * t * 4 * c * BLOCK_MLP_TENSORS;
        long embedding = b * t * v + btc * (EMBEDDING_BTC_TENSORS + (dropout ? EMBEDDING_BTC_DROPOUT : 0));
        long head = btc * HEAD_BTC_TENSORS + b * t * v * HEAD_BTV_TENSORS;
        return (model.layers() * perBlock + embedding + head) * FLOAT_BYTES;
    }

    /** Training state plus activations, before the safety factor. */
    public long countedBytes() {
        return trainingStateBytes() + activationBytes();
    }

    /** What to plan for: counted bytes times the safety factor, plus the CUDA overhead. */
    public long plannedBytes() {
        return (long) Math.ceil(countedBytes() * SAFETY_FACTOR) + CUDA_OVERHEAD_BYTES;
    }

    /** The Markdown table of docs/gpu-and-docker.md, for every preset at this vocabulary size. */
    public static String markdownTable(int vocabSize) {
        StringBuilder table = new StringBuilder();
        table.append("| preset | layers x heads x width, context | batch | parameters | weights + gradients + Adam | activations | planned GPU memory |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Preset preset : Preset.values()) {
            GpuMemoryEstimate e = forPreset(preset, vocabSize);
            ModelConfig m = e.model();
            table.append(String.format(Locale.ROOT, "| %s | %d x %d x %d, %d%s | %d | %,d | %s | %s | %s |\n",
                    preset.cliName(), m.layers(), m.heads(), m.width(), m.blockSize(),
                    m.dropout() > 0 ? ", dropout " + m.dropout() : "", e.batchSize(), m.parameterCount(),
                    gib(e.trainingStateBytes()), gib(e.activationBytes()), gib(e.plannedBytes())));
        }
        return table.toString();
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
