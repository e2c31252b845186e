package dev.chargpt.train;

import dev.chargpt.Setting;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.config.RunConfig;
import dev.chargpt.device.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gpu-baby trained on the CPU backend says, in one plain line, what it costs there, and trains on. */
class CpuPresetWarningTest {
    private static final long GB = 1024L * 1024 * 1024;

    @TempDir
    Path work;

    private static MemoryPlan plan(Preset preset) {
        RunConfig config = ConfigResolver.resolve(preset, Overrides.none(), "tiny", 0, 0, 65, preset.workers, (blockSize, batchSize) -> 1);
        return MemoryPlan.forRun(config, 1_115_394, 24 * GB);
    }

    @Test
    void gpuBabyOnTheCpuGetsOneLineWithItsPlanAndTheCpuPresets() {
        String line = Setting.render(CpuPresetWarning.line("gpu-baby", Backend.CPU, plan(Preset.GPU_BABY)).orElseThrow(),
                Setting::fieldName);
        assertTrue(line.startsWith("warning: gpu-baby is sized for a GPU: on this CPU its memory plan is about 11,"), line);
        assertTrue(line.contains("35 s") && line.contains("2 days") && line.contains("cpu-small or cpu-medium"), line);
        assertEquals(-1, line.indexOf('\n'), "one line");
    }

    @Test
    void otherPresetsAndTheCudaBuildGetNone() {
        assertTrue(CpuPresetWarning.line("cpu-small", Backend.CPU, plan(Preset.CPU_SMALL)).isEmpty());
        assertTrue(CpuPresetWarning.line("cpu-medium", Backend.CPU, plan(Preset.CPU_MEDIUM)).isEmpty());
        assertTrue(CpuPresetWarning.line("gpu-baby", Backend.CUDA, plan(Preset.GPU_BABY)).isEmpty());
    }

    /** A gpu-baby run (shrunk by overrides, so that it takes a second) prints the warning after its plan, and trains. */
    @Test
    void aGpuBabyRunPrintsItAfterItsMemoryPlanAndTrainsOn() throws Exception {
        Path corpus = SmallRuns.corpus(work);
        TrainSettings small = SmallRuns.settings(corpus, work.resolve("baby"), work, 1, 3L, false);
        TrainSettings baby = new TrainSettings(small.corpus(), Preset.GPU_BABY, small.overrides(), small.maxSteps(), small.seed(),
                false, small.out(), 0, 0, 1, small.dataDir(), small.modelsDir(), small.chartsDir());
        List<String> lines = train(baby);
        int plan = indexOfStart(lines, "memory plan: ");
        assertTrue(plan >= 0, String.join("\n", lines));
        assertTrue(lines.get(plan + 1).startsWith("warning: gpu-baby is sized for a GPU: "), String.join("\n", lines));
        assertTrue(lines.get(plan + 1).contains("or use --preset cpu-small or cpu-medium"), lines.get(plan + 1));
        assertTrue(indexOfStart(lines, "done: ") > plan, "the run goes on: " + String.join("\n", lines));

        List<String> cpuSmall = train(SmallRuns.settings(corpus, work.resolve("small"), work, 1, 3L, false));
        assertTrue(cpuSmall.stream().noneMatch(line -> line.startsWith("warning:")), String.join("\n", cpuSmall));
    }

    private static List<String> train(TrainSettings settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new TrainingRun(settings, out, setting -> "--" + setting.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                StopRequest.NEVER).withTerminal(false).run();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static int indexOfStart(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }
}
