package dev.chargpt;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidentMemoryTest {
    @Test
    void readsKilobytesFromProcStatusAsMegabytes() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  913408 kB", "VmRSS:\t  868352 kB");
        assertEquals(OptionalLong.of(892), ResidentMemory.parse(status, "VmHWM:"));
        assertEquals(OptionalLong.of(848), ResidentMemory.parse(status, "VmRSS:"));
        assertEquals(OptionalLong.empty(), ResidentMemory.parse(status, "VmSwap:"));
    }

    @Test
    void thisProcessHasAPeakAtLeastAsLargeAsItsCurrentResidentSet() {
        if (ResidentMemory.currentMegabytes().isEmpty()) {
            return; // not Linux: nothing to read, and describe() says nothing
        }
        long now = ResidentMemory.currentMegabytes().getAsLong();
        long peak = ResidentMemory.peakMegabytes().getAsLong();
        assertTrue(now > 0 && peak >= now, now + " / " + peak);
        assertTrue(ResidentMemory.describe().matches("resident \\d+ MB, peak \\d+ MB"), ResidentMemory.describe());
    }
}
