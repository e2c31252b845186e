package dev.chargpt.device;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpuMemoryEstimateTest {
    /** Tiny Shakespeare's 65 characters: the vocabulary of the table in the docs. */
    static final int VOCAB = 65;

    @Test
    void trainingStateIsSixteenBytesPerParameter() {
        for (Preset preset : Preset.values()) {
            GpuMemoryEstimate e = GpuMemoryEstimate.forPreset(preset, VOCAB);
            assertEquals(16 * ConfigResolver.model(preset, Overrides.none(), VOCAB).parameterCount(), e.trainingStateBytes(), preset.cliName());
        }
    }

    @Test
    void cpuSmallActivationsMatchAHandCount() {
        // B=16 (2 workers x 8), T=64, C=128, H=4, V=65, no dropout; BTC = 131,072 floats.
        // per block: 11 BTC + 2 * (B*H*T*T = 262,144) + 3 * 4 BTC = 1,441,792 + 524,288 + 1,572,864 = 3,538,944
        // 4 blocks: 14,155,776; embedding: one-hot B*T*V = 66,560 + 2 BTC = 328,704;
        // head: BTC + 4 * B*T*V = 397,312; total 14,881,792 floats = 59,527,168 bytes.
        GpuMemoryEstimate e = GpuMemoryEstimate.forPreset(Preset.CPU_SMALL, VOCAB);
        assertEquals(59_527_168L, e.activationBytes());
        assertEquals(e.trainingStateBytes() + 59_527_168L, e.countedBytes());
        assertEquals((long) Math.ceil(e.countedBytes() * 2.0) + (512L << 20), e.plannedBytes());
    }

    @Test
    void activationsGrowLinearlyWithTheBatchAndTheTotalMonotonically() {
        ModelConfig model = ConfigResolver.model(Preset.GPU_BABY, Overrides.none(), VOCAB);
        long previous = 0;
        for (int batch = 1; batch <= 128; batch *= 2) {
            GpuMemoryEstimate e = new GpuMemoryEstimate(model, batch);
            assertEquals(batch * new GpuMemoryEstimate(model, 1).activationBytes(), e.activationBytes());
            assertTrue(e.plannedBytes() > previous, "batch " + batch);
            previous = e.plannedBytes();
        }
    }

    @Test
    void dropoutDepthAndContextCostMemory() {
        ModelConfig base = new ModelConfig(VOCAB, 6, 6, 384, 256, 0.0);
        long plain = new GpuMemoryEstimate(base, 8).activationBytes();
        assertTrue(new GpuMemoryEstimate(new ModelConfig(VOCAB, 6, 6, 384, 256, 0.2), 8).activationBytes() > plain);
        assertTrue(new GpuMemoryEstimate(new ModelConfig(VOCAB, 12, 6, 384, 256, 0.0), 8).activationBytes() > plain);
        // attention scores are T x T: doubling the context more than doubles the activations
        assertTrue(new GpuMemoryEstimate(new ModelConfig(VOCAB, 6, 6, 384, 512, 0.0), 8).activationBytes() > 2 * plain);
        assertThrows(IllegalArgumentException.class, () -> new GpuMemoryEstimate(base, 0));
    }

    @Test
    void gpuBabyFitsA16GigabyteGpuButNotA12GigabyteOne() {
        long planned = GpuMemoryEstimate.forPreset(Preset.GPU_BABY, VOCAB).plannedBytes();
        assertTrue(planned > 12L << 30 && planned < 16L << 30, GpuMemoryEstimate.gib(planned));
    }

    @Test
    void theTableInTheDocsIsTheComputedOne() throws IOException {
        String doc = Files.readString(Path.of("docs/gpu-and-docker.md"));
        String table = GpuMemoryEstimate.markdownTable(VOCAB);
        assertTrue(doc.contains(table), "docs/gpu-and-docker.md must contain, verbatim:\n" + table);
    }
}
