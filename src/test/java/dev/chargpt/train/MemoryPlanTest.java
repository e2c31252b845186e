package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.NamedCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPlanTest {
    private static final long MB = 1024 * 1024;
    private static final long GB = 1024 * MB;

    private static RunConfig config(Preset preset, int vocabulary) {
        return ConfigResolver.resolve(preset, Overrides.none(), "tiny", 0, 0, vocabulary, preset.workers, (blockSize, batchSize) -> 1);
    }

    @Test
    void theLaunchersHeapHoldsEveryPresetOnEveryNamedCorpus() {
        for (Preset preset : Preset.values()) {
            for (NamedCorpus corpus : NamedCorpus.values()) {
                // a generous vocabulary: the complete works hold a few more characters than tiny's 65
                MemoryPlan plan = MemoryPlan.forRun(config(preset, 128), corpus.source().sizeBytes(), 24 * GB);
                assertTrue(plan.heapBytes() <= MemoryPlan.LAUNCHER_HEAP_MB * MB,
                        preset.cliName() + " on " + corpus.cliName() + " needs " + plan.heapBytes() / MB + " MB");
            }
        }
    }

    @Test
    void theLauncherAndBothDockerImagesSetThatHeap() throws IOException {
        String xmx = "-Xmx" + MemoryPlan.LAUNCHER_HEAP_MB + "m";
        assertTrue(Files.readString(Path.of("chargpt")).contains("jvm_defaults+=(" + xmx + ")"), "the launcher sets " + xmx);
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertEquals(2, dockerfile.split("\"" + xmx + "\"", -1).length - 1, "both images' ENTRYPOINT set " + xmx);
    }

    @Test
    void theDefaultRunIsPlannedUnderOneGigabyte() {
        MemoryPlan plan = MemoryPlan.forRun(config(Preset.CPU_SMALL, 65), NamedCorpus.TINY.source().sizeBytes(), 24 * GB);
        assertTrue(plan.residentBytes() < GB, plan.describe());
        // the one-graph step's arrays for a step of 2 workers x 8 windows, as OneGraphMemory fits it
        // (0.30 GB measured for 12 windows); kept outside workspaces, so within the arrays' cap
        assertEquals(4L * 16 * 64 * 4 * (19 * 4 * 64 + 360 * 128) / 2, plan.stepBytes());
        assertTrue(plan.arrayLimitBytes() > plan.stepBytes() + 2 * plan.arrayBytes(), plan.describe());
    }

    @Test
    void aRunThatNeedsMoreHeapThanItHasSaysSoNamingJavaOptsAndThePreset() {
        MemoryPlan plan = MemoryPlan.forRun(config(Preset.GPU_BABY, 65), 200_000_000L, 24 * GB);
        BadInputException e = assertThrows(BadInputException.class, () -> plan.requireHeap(640 * MB));
        assertTrue(e.getMessage().startsWith("this run (gpu-baby) needs about "), e.getMessage());
        assertTrue(e.getMessage().contains("JAVA_OPTS=-Xmx"), e.getMessage());
    }
}
