package dev.chargpt.device;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NvidiaSmiTest {

    @Test
    void parsesTheGpuQuery() {
        String output = "0, NVIDIA A100-SXM4-40GB, 8.0, 40960\n"
                + "1, NVIDIA H100 80GB HBM3, 9.0, 81559\n";
        List<GpuDevice> gpus = NvidiaSmi.parseGpus(output);
        assertEquals(List.of(
                new GpuDevice(0, "NVIDIA A100-SXM4-40GB", new ComputeCapability(8, 0), 40960L << 20),
                new GpuDevice(1, "NVIDIA H100 80GB HBM3", new ComputeCapability(9, 0), 81559L << 20)), gpus);
    }

    @Test
    void keepsCommasInNamesAndSkipsWhatIsNotAGpuLine() {
        String output = "Field \"compute_cap\" is not a valid field to query.\n"
                + "0, Quadro RTX 6000, Rev. 2, 7.5, 24576\n"
                + "1, Tesla K80, [N/A], 11441\n"
                + "\n";
        assertEquals(List.of(new GpuDevice(0, "Quadro RTX 6000, Rev. 2", new ComputeCapability(7, 5), 24576L << 20)),
                NvidiaSmi.parseGpus(output));
    }

    @Test
    void describesAGpu() {
        assertEquals("GPU 0: Tesla T4, compute capability 7.5, 15.0 GiB",
                new GpuDevice(0, "Tesla T4", new ComputeCapability(7, 5), 15360L << 20).describe());
        assertEquals("GPU 3: X, compute capability 8.6, memory unknown",
                new GpuDevice(3, "X", new ComputeCapability(8, 6), -1).describe());
    }
}
