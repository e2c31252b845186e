package dev.chargpt.model;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Asks the JVM to hand the C library's freed native memory back to the system ({@code malloc_trim},
 * through the {@code System.trim_native_heap} diagnostic command of JDK 17.0.9 and later; a no-op
 * where the JVM lacks it).
 *
 * <p>Why: a training step's first, sizing pass allocates every array of the step outside its
 * workspace before the workspace learns its size. Those blocks are freed when the pass ends, but glibc
 * keeps them in its arenas unless they were mapped on their own, and mapping every block of the
 * step's size on its own makes each step pay page faults for libnd4j's own temporaries. Trimming
 * once after the sizing pass returns the sizing pass's memory and lets later steps reuse the arenas.
 */
final class NativeHeapTrim {
    private static final String COMMAND = "systemTrimNativeHeap";

    private NativeHeapTrim() {
    }

    /** @return whether the JVM ran the trim (false on JVMs without the command) */
    static boolean trim() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    COMMAND, new Object[]{new String[0]}, new String[]{String[].class.getName()});
            return true;
        } catch (Exception | LinkageError unsupported) {
            return false; // older JVMs: the memory stays with the C library, as it did before
        }
    }
}
