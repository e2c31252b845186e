package dev.chargpt.config;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;

import java.util.Locale;

/**
 * Sets up ND4J's native runtime for chargpt before anything else uses it: which build of ND4J's
 * native library loads, the thread counts ({@link ThreadSettings}), and two costs that DL4J
 * 1.0.0-M2.1 charges every op by default, read in its sources and measured on cpu-small (a training
 * step runs about 500 ops):
 * <ul>
 *   <li>JavaCPP reads {@code /proc/self/statm} on every native allocation (3 to 8 per op) to compare
 *   the process's resident size with {@code org.bytedeco.javacpp.maxPhysicalBytes}; 0 turns that
 *   check off (JavaCPP still bounds ND4J's own allocations by {@code maxBytes}).</li>
 *   <li>ND4J's op profiler checks every op's arrays against the open workspaces
 *   ({@code ProfilerConfig.checkWorkspaces}), a debugging aid that is on by default.</li>
 * </ul>
 * A value the user passes with {@code -D} wins over each property set here.
 */
public final class NativeRuntime {
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /**
     * ND4J's oneDNN AVX-512 build, which the pom bundles next to the generic (SSE2) one when built
     * with {@code -Dnd4j.native.variant=linux-x86_64-onednn-avx512}: measured on cpu-small, three
     * interleaved pairs of StepBenchmark runs, 140.6/134.4/139.2 against 150.7/149.9/151.7 ms per
     * step; every model test (gradient checks, parity, resume) passes on it.
     */
    static final String ONEDNN_AVX512 = "-onednn-avx512";

    private NativeRuntime() {
    }

    /** Call before the first use of ND4J: JavaCPP reads its properties once, when it loads. */
    public static void configure() {
        selectNativeBuild();
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        ThreadSettings.applyDefaults();
        OpExecutioner executioner = Nd4j.getExecutioner();
        executioner.setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(false).build());
    }

    /**
     * Caps the bytes of ND4J's arrays outside workspaces (libnd4j counts them per device; 0 is no
     * cap): past it an allocation fails with "Requested amount exceeds HOST device limits" instead
     * of growing the process. On the CPU backend only: on CUDA the device is the GPU.
     */
    public static void limitArrays(long bytes) {
        if (Nd4j.getEnvironment().isCPU()) {
            Nd4j.getEnvironment().setDeviceLimit(0, bytes);
        }
    }

    /**
     * Loads the oneDNN AVX-512 build of ND4J's native library where the CPU runs it and the jar
     * carries it (an opt-in build); the generic build otherwise. Before ND4J loads; also used by the tests, so they run
     * the build the program runs.
     */
    public static void selectNativeBuild() {
        String extension = nativeBuildExtension(CpuFlags.current(), platform(), NativeRuntime::bundled);
        if (System.getProperty(PLATFORM_EXTENSION) == null && !extension.isEmpty()) {
            System.setProperty(PLATFORM_EXTENSION, extension);
        }
    }

    /** The JavaCPP platform extension to load: {@link #ONEDNN_AVX512} or "" for the generic build. */
    static String nativeBuildExtension(CpuFlags cpu, String platform, java.util.function.Predicate<String> bundled) {
        return cpu.hasAvx512() && bundled.test(platform + ONEDNN_AVX512) ? ONEDNN_AVX512 : "";
    }

    /** Which native build will load, for {@code chargpt info}. */
    public static String describeNativeBuild() {
        if (!bundled(platform())) {
            return "no ND4J CPU library for " + platform() + " in this build";
        }
        String extension = System.getProperty(PLATFORM_EXTENSION, "");
        if (extension.isEmpty()) {
            if (!platform().endsWith("x86_64")) {
                return platform() + " (generic)"; // the oneDNN AVX-512 build is x86-64's alone
            }
            return platform() + " (generic x86-64" + (bundled(platform() + ONEDNN_AVX512)
                    ? "; the CPU lacks AVX-512 for the bundled " + platform() + ONEDNN_AVX512 + " build)"
                    : "; see README, \"Native builds\", for the oneDNN AVX-512 build)");
        }
        return platform() + extension + (extension.equals(ONEDNN_AVX512) ? " (oneDNN, AVX-512)" : "");
    }

    /** JavaCPP's name of this platform, without asking JavaCPP (that would load it). */
    static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** JavaCPP's name for Java's os.name and os.arch: linux-x86_64, linux-arm64, macosx-arm64, windows-x86_64... */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String family = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : os.startsWith("windows") ? "windows" : os;
        String cpu = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch;
        };
        return family + "-" + cpu;
    }

    private static boolean bundled(String platformAndExtension) {
        String library = platformAndExtension.startsWith("windows") ? "libnd4jcpu.dll"
                : platformAndExtension.startsWith("macosx") ? "libnd4jcpu.dylib" : "libnd4jcpu.so";
        return NativeRuntime.class.getResource("/org/nd4j/linalg/cpu/nativecpu/bindings/" + platformAndExtension
                + "/" + library) != null;
    }
}
