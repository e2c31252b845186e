package dev.chargpt.device;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BackendReportTest {

    @Test
    void listsTheCudaDevicesFromTheEnvironmentInformation() {
        // As CudaExecutioner.getEnvironmentInformation() fills it: a list of maps, numbers as Long.
        Properties environment = new Properties();
        environment.put(BackendReport.BACKEND, "CUDA");
        environment.put(BackendReport.CUDA_DEVICES, List.of(
                Map.of(BackendReport.CUDA_NAME, "Tesla T4", BackendReport.CUDA_MAJOR, 7L, BackendReport.CUDA_MINOR, 5L,
                        BackendReport.CUDA_TOTAL, 15_843_721_216L, BackendReport.CUDA_FREE, 15_000_000_000L),
                Map.of(BackendReport.CUDA_NAME, "NVIDIA A100-SXM4-40GB", BackendReport.CUDA_MAJOR, 8L, BackendReport.CUDA_MINOR, 0L)));
        assertEquals(List.of("GPU 0: Tesla T4, compute capability 7.5, 14.8 GiB (14.0 GiB free)",
                        "GPU 1: NVIDIA A100-SXM4-40GB, compute capability 8.0"),
                BackendReport.cudaDeviceLines(environment));
        assertTrue(BackendReport.cudaDeviceLines(new Properties()).isEmpty());
    }

    @Test
    void onTheCpuBuildNamesTheBackendTheCpuAndTheDataType() {
        assumeTrue(Backend.ofThisBuild() == Backend.CPU, "a test of the CPU build");
        List<String> lines = BackendReport.lines();
        assertTrue(lines.get(0).startsWith("backend: CPU (ND4J 1.0.0-M2.1, CpuBackend)"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("CPU: ") && l.contains(" cores, BLAS ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("memory: JVM heap up to ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("data type: FLOAT")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\n")), lines.toString());
    }

    @Test
    void aDriverLineSaysWhenThereIsNone() {
        assertEquals("NVIDIA driver: not found", BackendReport.driverLine(DeviceFacts.cpu()));
    }
}
