package dev.chargpt.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeHeapTrimTest {
    /** The JDKs chargpt runs on here (17.0.15, 25) have the command; a wrong name or signature fails this. */
    @Test
    void theJvmTrimsTheNativeHeap() {
        assertTrue(NativeHeapTrim.trim(), "System.trim_native_heap through the DiagnosticCommand MBean");
    }
}
