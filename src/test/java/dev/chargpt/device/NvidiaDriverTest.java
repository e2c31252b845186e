package dev.chargpt.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NvidiaDriverTest {

    @Test
    void readsTheReleaseFromTheProprietaryAndTheOpenKernelModule() {
        String proprietary = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n"
                + "GCC version:  gcc version 11.4.0 (Ubuntu 11.4.0-1ubuntu1~22.04)\n";
        String open = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.15  Release Build  (dvs-builder@U16-T02-35-3)  Tue Mar  5 22:15:33 UTC 2024\n";
        String older = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  470.82.01  Wed Oct 27 21:21:55 UTC 2021\n";
        assertEquals(Optional.of("535.104.05"), NvidiaDriver.releaseFromProcVersion(proprietary));
        assertEquals(Optional.of("550.54.15"), NvidiaDriver.releaseFromProcVersion(open));
        assertEquals(Optional.of("470.82.01"), NvidiaDriver.releaseFromProcVersion(older));
        assertEquals(Optional.empty(), NvidiaDriver.releaseFromProcVersion("something else\n"));
    }

    @Test
    void describesWhatIsKnown() {
        assertEquals("535.104.05 (supports CUDA 12.2)", new NvidiaDriver(Optional.of("535.104.05"), 12020).describe());
        assertEquals("510.39.01", new NvidiaDriver(Optional.of("510.39.01"), 0).describe());
        assertEquals("unknown release (supports CUDA 11.6)", new NvidiaDriver(Optional.empty(), 11060).describe());
        assertEquals("unknown version", new NvidiaDriver(Optional.empty(), 0).describe());
        assertEquals(OptionalInt.of(535), new NvidiaDriver(Optional.of("535.104.05"), 0).releaseMajor());
        assertEquals(OptionalInt.empty(), new NvidiaDriver(Optional.of("not a version"), 0).releaseMajor());
    }

    @Test
    void procFileIsReadWhenPresentAndItsAbsenceIsNoError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("version");
        assertEquals(Optional.empty(), HostInspection.procDriverRelease(file));
        Files.writeString(file, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  525.60.13  Wed Nov 30 06:39:21 UTC 2022\n");
        assertEquals(Optional.of("525.60.13"), HostInspection.procDriverRelease(file));
    }
}
