package dev.chargpt.config;

import java.lang.management.ManagementFactory;

/** The machine's physical memory: the one figure the training step's choice and the memory plan both measure against. */
public final class MachineMemory {
    private MachineMemory() {
    }

    public static long physicalBytes() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
