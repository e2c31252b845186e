package dev.chargpt.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Gathers {@link DeviceFacts} for this build without starting ND4J: nothing for the CPU build; for
 * the CUDA build the driver release ({@code /proc/driver/nvidia/version}, else nvidia-smi) and what
 * the CUDA runtime reports ({@link CudaRuntimeProbe}).
 */
final class HostInspection {
    static final Path PROC_DRIVER_VERSION = Path.of("/proc/driver/nvidia/version");

    private HostInspection() {
    }

    static DeviceFacts inspect(Backend backend) {
        return backend == Backend.CPU ? DeviceFacts.cpu() : cuda();
    }

    private static DeviceFacts cuda() {
        Optional<String> release = procDriverRelease(PROC_DRIVER_VERSION).or(NvidiaSmi::driverRelease);
        CudaRuntimeProbe.Result probe = CudaRuntimeProbe.probe();
        return combine(release, probe);
    }

    /** The facts from the driver release (if read) and the runtime probe; pure, for tests. */
    static DeviceFacts combine(Optional<String> release, CudaRuntimeProbe.Result probe) {
        if (probe.driverLibraryMissing()) {
            // A kernel module without its user-space library (a container run without --gpus) is no driver for CUDA.
            return DeviceFacts.cuda(Optional.empty(), probe.gpus());
        }
        DeviceFacts facts = DeviceFacts.cuda(Optional.of(new NvidiaDriver(release, probe.driverCudaVersion())), probe.gpus());
        return probe.problem().map(facts::withProblem).orElse(facts);
    }

    static Optional<String> procDriverRelease(Path file) {
        try {
            return NvidiaDriver.releaseFromProcVersion(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
