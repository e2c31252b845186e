package dev.chargpt.device;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Decides whether the CUDA build of chargpt can run on the GPUs found, from facts alone (no ND4J,
 * no native code), so it can be unit-tested and can run before ND4J's CUDA backend starts.
 *
 * <p>What the backend can run on was read from the binary: {@code libnd4jcuda.so} in
 * {@code org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1} carries machine code (SASS) for {@link #SASS_ARCHITECTURES}
 * and no PTX, so the driver cannot compile kernels for a newer GPU. Machine code for
 * {@code sm_XY} runs on compute capability {@code X.Z} with {@code Z >= Y} (same major version),
 * which gives compute capability 3.7 to 8.9: Kepler K80, Maxwell, Pascal, Volta, Turing, Ampere
 * and Ada. Hopper (9.0) and newer fail with "no kernel image is available for execution on the
 * device". The CUDA 11.6 runtime and libraries come in the jar; the host needs a driver of at
 * least {@link #MINIMUM_DRIVER} (the CUDA 11.6 toolkit's driver, which reports CUDA 11.6).
 */
public final class GpuSupport {
    /** Compute capabilities with machine code in libnd4jcuda.so (major * 10 + minor). */
    public static final List<Integer> SASS_ARCHITECTURES = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);
    public static final ComputeCapability OLDEST = new ComputeCapability(3, 7);
    public static final ComputeCapability NEWEST = new ComputeCapability(8, 9);
    public static final int MINIMUM_DRIVER = 510;
    /** {@code cudaDriverGetVersion} of a 510 driver: CUDA 11.6. */
    public static final int MINIMUM_DRIVER_CUDA_VERSION = 11060;

    static final String SUPPORTED = "compute capability " + OLDEST + " to " + NEWEST + " (Kepler K80 to Ada: T4, V100, A100, RTX 30xx/40xx)";
    static final String USE_CPU = "use the CPU build (mvn -DskipTests package, or the Docker image built without --target cuda)";

    private GpuSupport() {
    }

    /** True when libnd4jcuda.so has machine code this GPU can run. */
    public static boolean canRun(ComputeCapability capability) {
        for (int arch : SASS_ARCHITECTURES) {
            if (arch / 10 == capability.major() && arch % 10 <= capability.minor()) {
                return true;
            }
        }
        return false;
    }

    public static DeviceVerdict judge(DeviceFacts facts) {
        if (facts.backend() == Backend.CPU) {
            return DeviceVerdict.usable("CPU build: trains on the CPU, no GPU needed");
        }
        if (facts.driver().isEmpty()) {
            return DeviceVerdict.unusable("this is the CUDA build of chargpt, but no NVIDIA driver was found"
                    + " (its libcuda.so.1 cannot be loaded; in Docker, run with --gpus all):"
                    + " install NVIDIA driver " + MINIMUM_DRIVER + " or newer on a machine with a GPU of " + SUPPORTED + ", or " + USE_CPU);
        }
        NvidiaDriver driver = facts.driver().get();
        if (tooOld(driver)) {
            return DeviceVerdict.unusable("NVIDIA driver " + driver.describe() + " is too old for this CUDA 11.6 build:"
                    + " install driver " + MINIMUM_DRIVER + " or newer, or " + USE_CPU);
        }
        if (facts.gpus().isEmpty() && facts.problem().isPresent()) {
            return DeviceVerdict.unusable("CUDA could not list the GPUs (" + facts.problem().get() + "): this build needs NVIDIA driver "
                    + MINIMUM_DRIVER + " or newer and a GPU of " + SUPPORTED + "; otherwise " + USE_CPU);
        }
        if (facts.gpus().isEmpty()) {
            return DeviceVerdict.unusable("the NVIDIA driver " + driver.describe() + " sees no GPU (check CUDA_VISIBLE_DEVICES;"
                    + " in Docker, run with --gpus all): run on a machine with a GPU of " + SUPPORTED + ", or " + USE_CPU);
        }
        List<GpuDevice> unsupported = facts.gpus().stream().filter(g -> !canRun(g.capability())).toList();
        if (unsupported.isEmpty()) {
            return DeviceVerdict.usable(facts.gpus().size() == 1
                    ? "GPU " + facts.gpus().get(0).index() + " (" + facts.gpus().get(0).name() + ", compute capability "
                            + facts.gpus().get(0).capability() + ") is supported by this CUDA 11.6 build"
                    : "all " + facts.gpus().size() + " GPUs are supported by this CUDA 11.6 build");
        }
        GpuDevice first = unsupported.get(0);
        String which = unsupported.size() == 1
                ? "GPU " + first.index() + " (" + first.name() + ") has compute capability " + first.capability()
                : unsupported.size() + " GPUs have unsupported compute capabilities (GPU " + first.index() + ": "
                        + first.name() + ", " + first.capability() + ")";
        String reason = first.capability().compareTo(NEWEST) > 0
                ? "this CUDA 11.6 build of ND4J has machine code only up to 8.9 and no PTX, so its kernels cannot run there"
                        + " (\"no kernel image is available\")"
                : "this CUDA 11.6 build of ND4J has no machine code for GPUs that old";
        List<GpuDevice> supported = facts.gpus().stream().filter(g -> canRun(g.capability())).toList();
        String action = supported.isEmpty()
                ? "use a GPU of " + SUPPORTED + ", or " + USE_CPU
                : "make only supported GPUs visible with CUDA_VISIBLE_DEVICES (supported here: "
                        + supported.stream().map(g -> "GPU " + g.index()).collect(Collectors.joining(", "))
                        + "), or " + USE_CPU;
        return DeviceVerdict.unusable(which + "; " + reason + ": " + action);
    }

    static boolean tooOld(NvidiaDriver driver) {
        OptionalInt major = driver.releaseMajor();
        if (major.isPresent() && major.getAsInt() < MINIMUM_DRIVER) {
            return true;
        }
        return driver.cudaVersion() > 0 && driver.cudaVersion() < MINIMUM_DRIVER_CUDA_VERSION;
    }
}
