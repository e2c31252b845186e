package dev.chargpt.device;

import java.util.Locale;
import java.util.Objects;

/**
 * One GPU as CUDA numbers it in this process (after {@code CUDA_VISIBLE_DEVICES}).
 *
 * @param index       CUDA device number
 * @param name        the marketing name, e.g. {@code NVIDIA A100-SXM4-40GB}
 * @param capability  compute capability
 * @param memoryBytes total device memory, or -1 when unknown
 */
public record GpuDevice(int index, String name, ComputeCapability capability, long memoryBytes) {
    public GpuDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(capability, "capability");
    }

    /** {@code GPU 0: NVIDIA A100-SXM4-40GB, compute capability 8.0, 39.4 GiB}. */
    public String describe() {
        String memory = memoryBytes < 0 ? "memory unknown" : gib(memoryBytes);
        return "GPU " + index + ": " + name + ", compute capability " + capability + ", " + memory;
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
