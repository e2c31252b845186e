package dev.chargpt.cli;

import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.config.RunConfig;
import dev.chargpt.config.ThreadSettings;
import dev.chargpt.data.CorpusCacheState;
import dev.chargpt.data.CorpusStore;
import dev.chargpt.data.NamedCorpus;
import dev.chargpt.device.BackendReport;
import dev.chargpt.device.DeviceCheck;
import dev.chargpt.train.MemoryPlan;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code chargpt info}: what this installation is and has: version, Java, machine, the ND4J
 * backend and device, the thread settings and where they came from, and which corpora are
 * cached. Looks only: downloads nothing and writes nothing.
 */
final class InfoCommand implements Command {

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(Flags.valued("data-dir", "DIR", "where named corpora are kept (default: "
                    + CorpusStore.DEFAULT_DIR + ")")));

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "show version, Java, ND4J backend and device, thread settings and cached corpora";
    }

    @Override
    public String description() {
        return "Prints what this installation is and has: the chargpt and Java versions, the machine, the ND4J\n"
                + "backend and device it computes on, the thread settings and where they came from, and which\n"
                + "corpora are already in the data directory (verified) or still to be downloaded. Changes nothing.";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt info", "the whole report"),
                new Example("OMP_NUM_THREADS=2 chargpt info", "check which thread settings a run would get"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        Path dataDir = new OptionValues(line).path("data-dir", CorpusStore.DEFAULT_DIR);
        return new Invocation() {
            @Override
            public boolean usesNd4j() {
                return false; // it starts ND4J itself, only once the device check allows it
            }

            @Override
            public void run(PrintStream out) {
                report(dataDir, out);
            }
        };
    }

    private static void report(Path dataDir, PrintStream out) {
        ThreadEnvironment threads = ThreadEnvironment.current();
        threads.check(); // ND4J cannot even load with OMP_NUM_THREADS=x; say so before printing anything
        Runtime runtime = Runtime.getRuntime();
        row(out, "chargpt", ChargptVersion.text());
        row(out, "java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + "), max heap " + gigabytes(runtime.maxMemory()));
        row(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + runtime.availableProcessors() + " cores");
        // On the CUDA build, a GPU that ND4J cannot use may crash it natively: then only what the
        // check found is shown, and ND4J is not started for the thread settings either.
        boolean deviceUsable = DeviceCheck.verdict().usable();
        if (deviceUsable) {
            NativeRuntime.configure(); // as every other command does before ND4J starts
        }
        String section = "device";
        for (String line : BackendReport.lines()) {
            row(out, section, line);
            section = "";
        }
        row(out, "native build", NativeRuntime.describeNativeBuild());
        row(out, "threads", deviceUsable ? ThreadSettings.describe() : "not applied: ND4J was not started");
        row(out, "workers", workersByPreset() + " for train (--workers N asks for others: each a replica on its own"
                + " thread with the thread settings above and a batch of its own, summing gradients into one step; "
                + runtime.availableProcessors() + " cores here)");
        for (String variable : ThreadEnvironment.VARIABLES) {
            row(out, "", threads.source(variable));
        }
        row(out, "", threads.kernelSource());
        for (NamedCorpus corpus : NamedCorpus.values()) {
            row(out, "corpus " + corpus.cliName(), corpusLine(CorpusCacheState.inspect(dataDir, corpus)));
        }
        section = "memory plan";
        for (Preset preset : Preset.values()) {
            row(out, section, preset.cliName() + " on tiny: " + memoryPlan(preset).describe());
            section = "";
        }
        row(out, "", "the launcher gives Java " + MemoryPlan.LAUNCHER_HEAP_MB + " MB of heap (JAVA_OPTS=-Xmx... overrides it)");
    }

    /** "cpu-small 2, cpu-medium 1, gpu-baby 1". */
    private static String workersByPreset() {
        return java.util.Arrays.stream(Preset.values()).map(p -> p.cliName() + " " + p.workers)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** What training {@code preset} on tiny Shakespeare (65 characters) plans to take on this machine. */
    private static MemoryPlan memoryPlan(Preset preset) {
        long characters = NamedCorpus.TINY.source().sizeBytes(); // ASCII: a byte is a character
        RunConfig config = ConfigResolver.resolve(preset, Overrides.none(), NamedCorpus.TINY.cliName(), 0, 0, 65,
                preset.workers, (blockSize, batchSize) -> 1);
        return MemoryPlan.forRun(config, characters);
    }

    private static String corpusLine(CorpusCacheState state) {
        Path shown = state.file().toAbsolutePath().normalize();
        return switch (state.status()) {
            case VERIFIED -> "present, verified: " + shown + " (" + megabytes(state.sizeBytes()) + "; "
                    + state.detail() + ")";
            case ABSENT -> "absent: " + shown + " (" + state.detail() + ")";
            case UNUSABLE -> "present but unusable: " + shown + " " + state.detail();
        };
    }

    private static void row(PrintStream out, String key, String value) {
        out.printf(Locale.ROOT, "%-16s %s%n", key, value);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
