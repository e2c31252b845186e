package dev.chargpt.step;

import dev.chargpt.model.GptNetwork;
import dev.chargpt.model.CausalSelfAttentionBlock;

import dev.chargpt.config.MachineMemory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The memory the one-graph step keeps during a step, estimated from the model's shape, against what
 * the device has. The step keeps every array of its forward and backward pass ({@link StepArrays}
 * keeps them from one step to the next); measured (as the workspace that held them until
 * 2026-12-06, after its sizing step; 209.1 MB for B 8 against 208.7 estimated on that day) and fitted as 4 bytes x batch x block x layers x
 * (9.5 x heads x block + 180 x width): 313.6 MB for cpu-small (B 12, T 64, C 128, H 4, L 4), 268.7 MB
 * for B 4, T 256, C 128, H 4, L 2, 165.1 MB for B 8, T 64, C 384, H 6, L 1, 62.7 MB for B 2, T 128,
 * C 64, H 8, L 3 (and 299 MB for cpu-small, B 12, measured again on 2026-12-02). The fitted
 * coefficients are used as they are: the run's memory plan adds them up with the rest (the default
 * run, two workers of 8 windows: 0.42 GB estimated, peak 0.88 GB in all), and {@link #fits} keeps a
 * fourfold margin of its own. gpu-baby comes to 33 GB (it was killed for memory on a 24 GB
 * machine), so it trains layer by layer.
 */
record OneGraphMemory(long estimatedBytes, long deviceBytes, String device) {
    /** The share of the device's memory the step may take, leaving room for everything else. */
    static final double SHARE = 0.25;

    static OneGraphMemory of(MultiLayerNetwork network, int batchSize) {
        int layers = GptNetwork.blockCount(network);
        CausalSelfAttentionBlock block = (CausalSelfAttentionBlock) network.getLayer(GptNetwork.blockLayer(0)).conf().getLayer();
        long estimate = estimate(network.params().dataType().width(), batchSize, block.getBlockSize(), layers,
                block.getHeads(), block.getWidth());
        long gpu = gpuMemory();
        return gpu > 0 ? new OneGraphMemory(estimate, gpu, "GPU memory")
                : new OneGraphMemory(estimate, MachineMemory.physicalBytes(), "physical memory");
    }

    /** The fitted formula of the class comment, in bytes. */
    static long estimate(int bytesPerNumber, long batch, long block, long layers, long heads, long width) {
        return bytesPerNumber * batch * block * layers * (19L * heads * block + 360L * width) / 2;
    }

    boolean fits() {
        return deviceBytes <= 0 || estimatedBytes <= SHARE * deviceBytes;
    }

    String describe() {
        return String.format(Locale.ROOT, "one graph would keep about %.1f GB, %s %.1f GB of %s",
                estimatedBytes / 1e9, fits() ? "within a quarter of" : "more than a quarter of", deviceBytes / 1e9, device);
    }

    /** Total memory of the first CUDA device, 0 on the CPU backend. */
    private static long gpuMemory() {
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        Object devices = environment.get("cuda.devicesInformation");
        if (devices instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first
                && first.get("cuda.totalMemory") instanceof Number total) {
            return total.longValue();
        }
        return 0;
    }
}
