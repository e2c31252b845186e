package dev.chargpt.train;

import dev.chargpt.Setting;
import dev.chargpt.config.Preset;
import dev.chargpt.device.Backend;

import java.util.Locale;
import java.util.Optional;

/**
 * The one line a run of {@code gpu-baby} prints when it trains on the CPU backend. The preset is
 * nanoGPT's GPU model: on a CPU it does not fit the one-graph step on most machines, trains layer by
 * layer, and a step of it took 35.4 s on a 2-core VM (benchmarks/README.md, "Quality per time: the
 * presets": about 48 hours for its 4,880 steps on tiny Shakespeare, 11.5 GB peak). A warning, not a
 * refusal: the run goes on, because a user with a large CPU machine may mean it.
 */
final class CpuPresetWarning {
    private static final long MB = 1024 * 1024;

    private CpuPresetWarning() {
    }

    /** The warning for a run of {@code preset} on {@code backend} with {@code plan}; empty when there is nothing to warn of. */
    static Optional<String> line(String preset, Backend backend, MemoryPlan plan) {
        if (backend != Backend.CPU || !Preset.GPU_BABY.cliName().equals(preset)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "warning: %s is sized for a GPU: on this CPU its memory plan is about %,d MB and a step of it took 35 s"
                        + " on a 2-core machine (about 2 days for its 4,880 steps on tiny Shakespeare); it trains anyway"
                        + " (Ctrl-C stops it and saves), or use %s cpu-small or cpu-medium",
                preset, plan.residentBytes() / MB, Setting.PRESET));
    }
}
