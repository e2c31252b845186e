package dev.chargpt.device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was found about the machine before ND4J starts: the backend of this build, the NVIDIA
 * driver (empty: none found), the GPUs CUDA can see, and why they could not be listed if that
 * failed for another reason than a missing driver.
 */
public record DeviceFacts(Backend backend, Optional<NvidiaDriver> driver, List<GpuDevice> gpus, Optional<String> problem) {
    public DeviceFacts {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(problem, "problem");
        gpus = List.copyOf(gpus);
    }

    public static DeviceFacts cpu() {
        return new DeviceFacts(Backend.CPU, Optional.empty(), List.of(), Optional.empty());
    }

    public static DeviceFacts cuda(Optional<NvidiaDriver> driver, List<GpuDevice> gpus) {
        return new DeviceFacts(Backend.CUDA, driver, gpus, Optional.empty());
    }

    public DeviceFacts withProblem(String why) {
        return new DeviceFacts(backend, driver, gpus, Optional.of(why));
    }
}
