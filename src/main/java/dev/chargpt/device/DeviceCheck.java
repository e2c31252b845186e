package dev.chargpt.device;

import dev.chargpt.BadInputException;

/**
 * The hardware check the command line runs before ND4J starts.
 *
 * <p>On the CPU build it does nothing. On the CUDA build it finds the NVIDIA driver and asks the
 * CUDA runtime for the visible GPUs (no kernel runs), then stops the program with one line if
 * ND4J's CUDA 11.6 backend cannot run there: no driver, a driver older than 510, no GPU, or a GPU
 * outside compute capability 3.7-8.9 (see {@link GpuSupport}). Without the check, such a machine
 * fails inside native code, or at the first kernel with "no kernel image is available".
 */
public final class DeviceCheck {
    /** Set to {@code 1} to train even when the check says no (for a GPU the check misjudges). */
    public static final String SKIP_VARIABLE = "CHARGPT_SKIP_GPU_CHECK";

    private static DeviceFacts cached;

    private DeviceCheck() {
    }

    /**
     * Returns quietly when this build can train here, and throws otherwise.
     *
     * @return the verdict, to log; on the CPU build always usable. When {@value #SKIP_VARIABLE}=1
     * it is returned even if unusable, instead of thrown.
     * @throws BadInputException with the verdict's one-line message (why, and what to do) when the
     * CUDA build finds no usable GPU
     */
    public static DeviceVerdict requireUsableDevice() {
        return require(facts(), System.getenv(SKIP_VARIABLE));
    }

    /** The verdict without throwing, for {@code chargpt info}. */
    public static DeviceVerdict verdict() {
        return GpuSupport.judge(facts());
    }

    /** What was found (once per process: the driver and GPUs do not change while chargpt runs). */
    public static synchronized DeviceFacts facts() {
        if (cached == null) {
            cached = HostInspection.inspect(Backend.ofThisBuild());
        }
        return cached;
    }

    static DeviceVerdict require(DeviceFacts facts, String skip) {
        DeviceVerdict verdict = GpuSupport.judge(facts);
        if (!verdict.usable() && !skipRequested(skip)) {
            throw new BadInputException(verdict.message());
        }
        return verdict;
    }

    static boolean skipRequested(String value) {
        return value != null && (value.trim().equals("1") || value.trim().equalsIgnoreCase("true"));
    }
}
