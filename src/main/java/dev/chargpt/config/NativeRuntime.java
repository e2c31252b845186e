package dev.chargpt.config;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Sets up ND4J's native runtime for chargpt before anything else uses it: the thread counts
 * ({@link ThreadSettings}) and two costs that DL4J 1.0.0-M2.1 charges every op by default, read in
 * its sources and measured on cpu-small (a training step runs about 500 ops):
 * <ul>
 *   <li>JavaCPP reads {@code /proc/self/statm} on every native allocation (3 to 8 per op) to compare
 *   the process's resident size with {@code org.bytedeco.javacpp.maxPhysicalBytes}; 0 turns that
 *   check off (JavaCPP still bounds ND4J's own allocations by {@code maxBytes}). A value the user
 *   passes with {@code -D} wins.</li>
 *   <li>ND4J's op profiler checks every op's arrays against the open workspaces
 *   ({@code ProfilerConfig.checkWorkspaces}), a debugging aid that is on by default.</li>
 * </ul>
 */
public final class NativeRuntime {
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private NativeRuntime() {
    }

    /** Call before the first use of ND4J: JavaCPP reads its properties once, when it loads. */
    public static void configure() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        ThreadSettings.applyDefaults();
        OpExecutioner executioner = Nd4j.getExecutioner();
        executioner.setProfilingConfig(ProfilerConfig.builder().checkWorkspaces(false).build());
    }
}
