package dev.chargpt.bench;

import dev.chargpt.ResidentMemory;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.Preset;
import dev.chargpt.step.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What N workers in one process give, next to what the machine gives N separate processes: the
 * ceiling of data parallelism on this machine, measured in the same run. Machines differ (on an AVX2
 * AMD EPYC two ND4J processes each ran at 0.95 of one alone, on an AVX-512 Sapphire Rapids VM at 0.5),
 * so a speed-up of the workers means something only against this ceiling.
 *
 * <p>Three rows, each the median of its rounds, the rounds interleaved (the machine is shared and
 * noisy: absolute times drift, ratios within a round hold):
 * <ul>
 *   <li>{@code one}: one process, one worker, one batch of B windows per step;</li>
 *   <li>{@code ceiling}: N such processes side by side, started together after their warm-up, their
 *   characters per second added up (over the slowest one's time, so none runs alone at the end);</li>
 *   <li>{@code workers}: one process with N workers, each on a batch of B windows of its own
 *   (what {@code chargpt train --workers N --batch-size B} runs: the global batch is N x B).</li>
 * </ul>
 * Each process runs {@link TrainingStep#forNetwork}, the step the training loop runs, on random batches.
 *
 * <pre>java -cp &lt;bench classpath&gt; dev.chargpt.bench.WorkerCeiling [workers=2] [preset=cpu-small] [steps=40] [rounds=3]</pre>
 * Run with the launcher's environment (OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE,
 * MALLOC_MMAP_THRESHOLD_); benchmarks/run.sh --workers N does.
 */
public final class WorkerCeiling {
    private static final String CHILD = "--child";
    private static final String READY = "ready";
    private static final int WARMUP = 10;

    private WorkerCeiling() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(Preset.fromCliName(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Preset preset = Preset.fromCliName(args.length > 1 ? args[1] : "cpu-small");
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;

        List<Result> one = new ArrayList<>();
        List<Result> ceiling = new ArrayList<>();
        List<Result> inProcess = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            System.err.printf(Locale.ROOT, "round %d of %d%n", round, rounds);
            one.add(sideBySide(preset, 1, 1, steps));
            ceiling.add(sideBySide(preset, workers, 1, steps));
            inProcess.add(sideBySide(preset, 1, workers, steps));
        }
        Result base = median(one);
        Result top = median(ceiling);
        Result ours = median(inProcess);
        System.out.printf(Locale.ROOT, "%-8s %-44s %10s %10s %10s %9s%n", "row", "what", "ms/step", "chars/s", "x one", "peak RSS");
        row("one", "1 process, 1 worker, batch " + preset.batchSize, base, base);
        row("ceiling", workers + " processes side by side, 1 worker each", top, base);
        row("workers", "1 process, " + workers + " workers, batch " + preset.batchSize + " each", ours, base);
        System.out.printf(Locale.ROOT, "workers / ceiling = %.2f (characters per second; rounds: %s)%n",
                ours.charsPerSecond / top.charsPerSecond, perRound(inProcess, ceiling));
    }

    private static void row(String name, String what, Result result, Result base) {
        System.out.printf(Locale.ROOT, "%-8s %-44s %10.1f %10.0f %9.2fx %6d MB%n", name, what, result.msPerStep,
                result.charsPerSecond, result.charsPerSecond / base.charsPerSecond, result.peakMegabytes);
    }

    private static String perRound(List<Result> ours, List<Result> ceiling) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            ratios.add(String.format(Locale.ROOT, "%.2f", ours.get(i).charsPerSecond / ceiling.get(i).charsPerSecond));
        }
        return String.join(", ", ratios);
    }

    /** The median round by characters per second. */
    private static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(a.charsPerSecond, b.charsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** {@code processes} child JVMs of {@code workers} workers each, released together once all have warmed up. */
    private static Result sideBySide(Preset preset, int processes, int workers, int steps) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            // The launcher's JVM settings (./chargpt), so the peaks are those of a real run.
            ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=40", "-Xmn64m",
                    "-Xms96m", "-Xmx640m", "-cp", System.getProperty("java.class.path"),
                    WorkerCeiling.class.getName(), CHILD, preset.cliName(), String.valueOf(workers), String.valueOf(steps));
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process child = builder.start();
            children.add(child);
            outputs.add(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader output : outputs) {
            awaitLine(output, READY);
        }
        for (Process child : children) {
            Writer go = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            go.write("go\n");
            go.flush();
        }
        double slowestSeconds = 0;
        long characters = 0;
        double msPerStep = 0;
        long peak = 0;
        for (int p = 0; p < processes; p++) {
            String[] fields = awaitLine(outputs.get(p), "result").split("\\s+");
            double seconds = Double.parseDouble(fields[1]);
            slowestSeconds = Math.max(slowestSeconds, seconds);
            characters += Long.parseLong(fields[2]);
            msPerStep = Math.max(msPerStep, Double.parseDouble(fields[3]));
            peak = Math.max(peak, Long.parseLong(fields[4]));
            if (children.get(p).waitFor() != 0) {
                throw new IllegalStateException("a benchmark process failed");
            }
        }
        return new Result(msPerStep, characters / slowestSeconds, peak);
    }

    private static String awaitLine(BufferedReader output, String prefix) throws IOException {
        for (String line; (line = output.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("a benchmark process ended before it said '" + prefix + "'");
    }

    /** Warms up, says {@link #READY}, waits for a line on stdin, then times {@code steps} steps. */
    private static void child(Preset preset, int workers, int steps) throws IOException {
        NativeRuntime.configure();
        int globalBatch = preset.batchSize * workers;
        List<DataSet> batches = StepBenchmark.randomBatches(globalBatch, preset.blockSize, 65, 8);
        MultiLayerNetwork network = StepBenchmark.network(preset);
        try (TrainingStep step = TrainingStep.forNetwork(network, 1.0, globalBatch, workers)) {
            for (int i = 0; i < WARMUP; i++) {
                step.fit(batches.get(i % batches.size()));
            }
            System.out.println(READY);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            double[] ms = new double[steps];
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                long stepStart = System.nanoTime();
                step.fit(batches.get(i % batches.size()));
                ms[i] = (System.nanoTime() - stepStart) / 1e6;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "result %.4f %d %.2f %d%n", seconds, (long) steps * globalBatch * preset.blockSize,
                    ms[steps / 2], ResidentMemory.peakMegabytes().orElse(-1));
        }
    }

    private record Result(double msPerStep, double charsPerSecond, long peakMegabytes) {
    }
}
