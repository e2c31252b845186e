package dev.chargpt.cli;

import dev.chargpt.config.ThreadSettings;
import dev.chargpt.data.CorpusCacheState;
import dev.chargpt.data.NamedCorpus;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code chargpt info}: what this installation is and has: version, Java, machine, the ND4J
 * backend and device, the thread settings and where they came from, and which corpora are
 * cached. Looks only: downloads nothing and writes nothing.
 */
final class InfoCommand implements Command {

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(Flags.valued("data-dir", "DIR", "where named corpora are kept (default: "
                    + EvalCommand.DEFAULT_DATA_DIR + ")")));

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
        Path dataDir = new OptionValues(line).path("data-dir", EvalCommand.DEFAULT_DATA_DIR);
        return new Invocation() {
            @Override
            public boolean usesNd4j() {
                return true;
            }

            @Override
            public void run(PrintStream out) {
                report(dataDir, out);
            }
        };
    }

    private static void report(Path dataDir, PrintStream out) {
        Runtime runtime = Runtime.getRuntime();
        row(out, "chargpt", ChargptVersion.text());
        row(out, "java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + "), max heap " + gigabytes(runtime.maxMemory()));
        row(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + runtime.availableProcessors() + " cores");
        for (String line : backendLines()) {
            row(out, "backend", line);
        }
        row(out, "threads", ThreadSettings.describe());
        ThreadEnvironment threads = ThreadEnvironment.current();
        for (String variable : ThreadEnvironment.VARIABLES) {
            row(out, "", threads.source(variable));
        }
        for (NamedCorpus corpus : NamedCorpus.values()) {
            row(out, "corpus " + corpus.cliName(), corpusLine(CorpusCacheState.inspect(dataDir, corpus)));
        }
    }

    /** ND4J's own description of the backend and the device it computes on. */
    private static List<String> backendLines() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        List<String> lines = new ArrayList<>();
        lines.add(Nd4j.getBackend().getClass().getSimpleName() + " (" + Nd4j.getBackend().getClass().getPackageName()
                + "), device " + value(env, "backend", Nd4j.getEnvironment().isCPU() ? "CPU" : "GPU")
                + ", data type " + Nd4j.dataType());
        lines.add("BLAS " + value(env, "blas.vendor", "unknown") + " with " + value(env, "blas.threads", "?")
                + " threads, OpenMP " + value(env, "omp.threads", "?") + " threads, "
                + value(env, "cores", "?") + " cores seen by ND4J");
        return lines;
    }

    /** ND4J puts numbers, not strings, into these Properties, which getProperty does not return. */
    private static String value(Properties properties, String key, String fallback) {
        Object value = properties.get(key);
        return value == null ? fallback : value.toString();
    }

    private static String corpusLine(CorpusCacheState state) {
        Path shown = state.file().toAbsolutePath();
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
