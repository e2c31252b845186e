package dev.chargpt.device;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DeviceCheckTest {
    private static final DeviceFacts HOPPER = DeviceFacts.cuda(Optional.of(new NvidiaDriver(Optional.of("550.54.15"), 0)),
            List.of(new GpuDevice(0, "NVIDIA H100 80GB HBM3", new ComputeCapability(9, 0), 80L << 30)));

    @Test
    void anUnusableGpuStopsTheProgramWithTheVerdictsOneLine() {
        BadInputException e = assertThrows(BadInputException.class, () -> DeviceCheck.require(HOPPER, null));
        assertEquals(GpuSupport.judge(HOPPER).message(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void theCheckCanBeSkippedOnPurposeAndThenReturnsTheVerdictInstead() {
        DeviceVerdict verdict = DeviceCheck.require(HOPPER, "1");
        assertFalse(verdict.usable());
        assertFalse(DeviceCheck.require(HOPPER, "true").usable());
        assertThrows(BadInputException.class, () -> DeviceCheck.require(HOPPER, "0"));
        assertThrows(BadInputException.class, () -> DeviceCheck.require(HOPPER, ""));
    }

    @Test
    void aUsableMachinePassesQuietly() {
        DeviceFacts t4 = DeviceFacts.cuda(Optional.of(new NvidiaDriver(Optional.of("535.104.05"), 0)),
                List.of(new GpuDevice(0, "Tesla T4", new ComputeCapability(7, 5), 15L << 30)));
        assertTrue(DeviceCheck.require(t4, null).usable());
        assertTrue(DeviceCheck.require(DeviceFacts.cpu(), null).usable());
    }

    @Test
    void thisTestBuildIsTheCpuBuildAndPassesTheRealCheck() {
        // The tests run with the default (cpu) Maven profile: no CUDA backend class on the classpath.
        assumeTrue(Backend.isPresent(Backend.CPU.backendClass(), getClass().getClassLoader()), "a test of the CPU build");
        assertEquals(Backend.CPU, Backend.ofThisBuild());
        assertEquals(Backend.CPU, DeviceCheck.facts().backend());
        assertTrue(DeviceCheck.requireUsableDevice().usable());
    }

    @Test
    void theBuildIsToldByTheBackendClassWithoutLoadingIt() {
        ClassLoader loader = getClass().getClassLoader();
        assumeTrue(Backend.isPresent(Backend.CPU.backendClass(), loader), "a test of the CPU build");
        assertTrue(Backend.isPresent(Backend.CPU.backendClass(), loader));
        assertFalse(Backend.isPresent(Backend.CUDA.backendClass(), loader));
        assertFalse(Backend.isPresent("org.example.NoSuchBackend", loader));
    }

    @Test
    void aMissingDriverLibraryMeansNoDriverEvenIfTheKernelModuleAnswers() {
        // A container started without --gpus still sees the host's /proc/driver/nvidia/version.
        CudaRuntimeProbe.Result missing = new CudaRuntimeProbe.Result(true, 0, List.of(), Optional.of("libcuda.so.1 cannot be loaded"));
        DeviceFacts facts = HostInspection.combine(Optional.of("535.104.05"), missing);
        assertEquals(Optional.empty(), facts.driver());
        assertTrue(GpuSupport.judge(facts).message().contains("no NVIDIA driver"));
    }

    @Test
    void theProbesFindingsBecomeTheFacts() {
        GpuDevice a100 = new GpuDevice(0, "NVIDIA A100-SXM4-40GB", new ComputeCapability(8, 0), 40L << 30);
        DeviceFacts facts = HostInspection.combine(Optional.of("535.104.05"),
                new CudaRuntimeProbe.Result(false, 12020, List.of(a100), Optional.empty()));
        assertEquals(Optional.of(new NvidiaDriver(Optional.of("535.104.05"), 12020)), facts.driver());
        assertEquals(List.of(a100), facts.gpus());
        assertTrue(GpuSupport.judge(facts).usable());

        DeviceFacts failed = HostInspection.combine(Optional.empty(), CudaRuntimeProbe.Result.failed("cudaGetDeviceCount: CUDA error 3"));
        assertEquals(Optional.of("cudaGetDeviceCount: CUDA error 3"), failed.problem());
        assertFalse(GpuSupport.judge(failed).usable());
    }

    @Test
    void onTheCpuBuildTheCudaProbeSaysTheBindingsAreMissingInsteadOfFailing() {
        assumeTrue(Backend.ofThisBuild() == Backend.CPU, "a test of the CPU build");
        CudaRuntimeProbe.Result result = CudaRuntimeProbe.probe();
        assertFalse(result.driverLibraryMissing());
        assertTrue(result.gpus().isEmpty());
        assertTrue(result.problem().orElseThrow().contains("not in this build"), result.problem().toString());
    }
}
