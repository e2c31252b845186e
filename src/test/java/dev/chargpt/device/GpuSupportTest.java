package dev.chargpt.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuSupportTest {
    private static final Optional<NvidiaDriver> DRIVER_535 = Optional.of(new NvidiaDriver(Optional.of("535.104.05"), 12020));

    private static GpuDevice gpu(int index, String name, int major, int minor, long gib) {
        return new GpuDevice(index, name, new ComputeCapability(major, minor), gib << 30);
    }

    private static DeviceVerdict judge(GpuDevice... gpus) {
        return GpuSupport.judge(DeviceFacts.cuda(DRIVER_535, List.of(gpus)));
    }

    private static void assertOneLine(DeviceVerdict verdict) {
        assertFalse(verdict.message().contains("\n"), verdict.message());
        assertFalse(verdict.message().isBlank());
    }

    @ParameterizedTest(name = "{0} ({1}.{2}) is usable")
    @CsvSource({
            "Tesla K80, 3, 7",
            "Tesla M60, 5, 2",
            "Jetson Nano, 5, 3",
            "Tesla P100, 6, 0",
            "Tesla V100, 7, 0",
            "Jetson Xavier, 7, 2",
            "Tesla T4, 7, 5",
            "NVIDIA A100-SXM4-40GB, 8, 0",
            "NVIDIA GeForce RTX 3090, 8, 6",
            "Jetson Orin, 8, 7",
            "NVIDIA GeForce RTX 4090, 8, 9",
    })
    void supportedGpusAreUsable(String name, int major, int minor) {
        DeviceVerdict verdict = judge(gpu(0, name, major, minor, 16));
        assertTrue(verdict.usable(), verdict.message());
        assertTrue(verdict.message().contains(name), verdict.message());
        assertOneLine(verdict);
    }

    @ParameterizedTest(name = "{0} ({1}.{2}) is refused")
    @CsvSource({
            "Tesla K40, 3, 5",
            "GeForce GTX 680, 3, 0",
            "Tesla C2050, 2, 0",
            "NVIDIA H100 80GB HBM3, 9, 0",
            "NVIDIA H200, 9, 0",
            "NVIDIA B200, 10, 0",
            "NVIDIA GeForce RTX 5090, 12, 0",
    })
    void unsupportedGpusAreRefusedWithTheReasonAndTheWayOut(String name, int major, int minor) {
        DeviceVerdict verdict = judge(gpu(0, name, major, minor, 80));
        assertFalse(verdict.usable());
        assertOneLine(verdict);
        String m = verdict.message();
        assertTrue(m.contains(name) && m.contains("compute capability " + major + "." + minor), m);
        assertTrue(m.contains("CPU build"), m);
        assertTrue(m.contains("3.7 to 8.9"), m);
    }

    @Test
    void hopperIsRefusedBecauseThereIsNoKernelImageForIt() {
        String m = judge(gpu(0, "NVIDIA H100 80GB HBM3", 9, 0, 80)).message();
        assertTrue(m.contains("no kernel image is available"), m);
        assertTrue(m.contains("no PTX"), m);
    }

    @Test
    void tooOldAGpuIsCalledThat() {
        String m = judge(gpu(0, "Tesla K40", 3, 5, 12)).message();
        assertTrue(m.contains("that old"), m);
        assertFalse(m.contains("no kernel image"), m);
    }

    @Test
    void theRuleIsSameMajorAndAtLeastTheMinorOfAnArchitectureInTheBinary() {
        assertTrue(GpuSupport.canRun(new ComputeCapability(3, 7)));
        assertFalse(GpuSupport.canRun(new ComputeCapability(3, 5)));
        assertFalse(GpuSupport.canRun(new ComputeCapability(4, 0)), "no 4.x architecture exists, nor machine code for it");
        assertTrue(GpuSupport.canRun(new ComputeCapability(5, 0)));
        assertTrue(GpuSupport.canRun(new ComputeCapability(8, 9)));
        assertFalse(GpuSupport.canRun(new ComputeCapability(9, 0)));
        assertFalse(GpuSupport.canRun(new ComputeCapability(10, 0)));
        for (int arch : GpuSupport.SASS_ARCHITECTURES) {
            assertTrue(GpuSupport.canRun(new ComputeCapability(arch / 10, arch % 10)), "sm_" + arch);
        }
        assertEquals(0, GpuSupport.OLDEST.compareTo(new ComputeCapability(3, 7)));
        assertEquals(0, GpuSupport.NEWEST.compareTo(new ComputeCapability(8, 9)));
    }

    @Test
    void aMachineWithOneUnsupportedGpuAmongSupportedOnesIsRefusedAndToldWhichToKeep() {
        DeviceVerdict verdict = judge(gpu(0, "NVIDIA A100-SXM4-40GB", 8, 0, 40), gpu(1, "NVIDIA H100 80GB HBM3", 9, 0, 80),
                gpu(2, "Tesla T4", 7, 5, 16));
        assertFalse(verdict.usable());
        assertOneLine(verdict);
        String m = verdict.message();
        assertTrue(m.contains("GPU 1 (NVIDIA H100 80GB HBM3)"), m);
        assertTrue(m.contains("CUDA_VISIBLE_DEVICES") && m.contains("GPU 0, GPU 2"), m);
    }

    @Test
    void severalSupportedGpusAreUsable() {
        DeviceVerdict verdict = judge(gpu(0, "Tesla T4", 7, 5, 16), gpu(1, "Tesla T4", 7, 5, 16));
        assertTrue(verdict.usable(), verdict.message());
        assertTrue(verdict.message().contains("all 2 GPUs"), verdict.message());
    }

    @Test
    void noDriverIsRefused() {
        DeviceVerdict verdict = GpuSupport.judge(DeviceFacts.cuda(Optional.empty(), List.of()));
        assertFalse(verdict.usable());
        assertOneLine(verdict);
        assertTrue(verdict.message().contains("no NVIDIA driver"), verdict.message());
        assertTrue(verdict.message().contains("--gpus all"), verdict.message());
        assertTrue(verdict.message().contains("CPU build"), verdict.message());
    }

    @Test
    void anOldDriverIsRefusedByItsReleaseOrByTheCudaVersionItReports() {
        GpuDevice t4 = gpu(0, "Tesla T4", 7, 5, 16);
        DeviceVerdict byRelease = GpuSupport.judge(DeviceFacts.cuda(Optional.of(new NvidiaDriver(Optional.of("470.82.01"), 0)), List.of(t4)));
        assertFalse(byRelease.usable());
        assertOneLine(byRelease);
        assertTrue(byRelease.message().contains("470.82.01") && byRelease.message().contains("510 or newer"), byRelease.message());

        DeviceVerdict byCudaVersion = GpuSupport.judge(DeviceFacts.cuda(Optional.of(new NvidiaDriver(Optional.empty(), 11040)), List.of(t4)));
        assertFalse(byCudaVersion.usable());
        assertTrue(byCudaVersion.message().contains("CUDA 11.4"), byCudaVersion.message());

        DeviceVerdict newEnough = GpuSupport.judge(DeviceFacts.cuda(Optional.of(new NvidiaDriver(Optional.of("510.39.01"), 11060)), List.of(t4)));
        assertTrue(newEnough.usable(), newEnough.message());
    }

    @Test
    void aDriverWithoutGpusIsRefused() {
        DeviceVerdict verdict = GpuSupport.judge(DeviceFacts.cuda(DRIVER_535, List.of()));
        assertFalse(verdict.usable());
        assertOneLine(verdict);
        assertTrue(verdict.message().contains("sees no GPU"), verdict.message());
        assertTrue(verdict.message().contains("CPU build"), verdict.message());
    }

    @Test
    void aFailureToListTheGpusIsReportedAsSuch() {
        DeviceFacts facts = DeviceFacts.cuda(DRIVER_535, List.of()).withProblem("cudaGetDeviceCount: CUDA error 999 (unknown error)");
        DeviceVerdict verdict = GpuSupport.judge(facts);
        assertFalse(verdict.usable());
        assertOneLine(verdict);
        assertTrue(verdict.message().contains("CUDA error 999"), verdict.message());
        assertTrue(verdict.message().contains("510 or newer") && verdict.message().contains("CPU build"), verdict.message());
    }

    @Test
    void theCpuBuildNeedsNoGpu() {
        DeviceVerdict verdict = GpuSupport.judge(DeviceFacts.cpu());
        assertTrue(verdict.usable());
        assertTrue(verdict.message().startsWith("CPU build"), verdict.message());
    }

    @Test
    void computeCapabilitiesParseAndOrder() {
        assertEquals(Optional.of(new ComputeCapability(8, 6)), ComputeCapability.parse(" 8.6 "));
        assertEquals(Optional.of(new ComputeCapability(10, 0)), ComputeCapability.parse("10.0"));
        assertEquals(Optional.empty(), ComputeCapability.parse("[N/A]"));
        assertEquals(Optional.empty(), ComputeCapability.parse(null));
        assertTrue(new ComputeCapability(8, 9).compareTo(new ComputeCapability(9, 0)) < 0);
        assertTrue(new ComputeCapability(10, 0).compareTo(new ComputeCapability(9, 0)) > 0);
        assertEquals("7.5", new ComputeCapability(7, 5).toString());
    }
}
