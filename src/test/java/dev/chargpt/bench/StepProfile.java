package dev.chargpt.bench;

import dev.chargpt.config.Preset;
import dev.chargpt.config.Activation;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.ThreadSettings;
import dev.chargpt.step.OneGraphStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: every SameDiff op of one {@link OneGraphStep#fit}, timed
 * from just before to just after its execution and grouped by op and output shape, with the time
 * between ops (SameDiff's own bookkeeping) and outside them (DL4J, the updater, clipping).
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.StepProfile [preset=cpu-small] [steps=20] [gelu|relu2]</pre>
 * Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (the project's default). The listener itself
 * adds a little to each op; compare shares, and take step times from {@link StepBenchmark}.
 */
public final class StepProfile {
    private StepProfile() {
    }

    /** Per (op, output shape): how often per step and how long in all. */
    private static final class OpTimes extends BaseListener {
        final Map<String, long[]> byOp = new HashMap<>();
        boolean recording;
        long opStart;
        long lastEnd;
        long between;

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
            long now = System.nanoTime();
            if (recording && lastEnd != 0) {
                between += now - lastEnd;
            }
            opStart = now;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
            long now = System.nanoTime();
            lastEnd = now;
            if (recording) {
                String shape = outputs != null && outputs.length > 0 && outputs[0] != null ? Arrays.toString(outputs[0].shape()) : "";
                long[] entry = byOp.computeIfAbsent(op.getOp().opName() + " " + shape, k -> new long[2]);
                entry[0]++;
                entry[1] += now - opStart;
            }
        }
    }

    public static void main(String[] args) {
        NativeRuntime.configure();
        Preset preset = Preset.fromCliName(args.length > 0 ? args[0] : "cpu-small");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        MultiLayerNetwork network = StepBenchmark.network(preset, args.length > 2 ? Activation.fromCliName(args[2]) : preset.activation);
        OneGraphStep step = StepBenchmark.oneGraphStep(network);
        List<DataSet> batches = StepBenchmark.randomBatches(preset.batchSize, preset.blockSize, 65, 8);
        for (int i = 0; i < 10; i++) {
            step.fit(batches.get(i % batches.size())); // warm-up
        }
        OpTimes times = new OpTimes();
        step.addListener(times);
        for (int i = 0; i < 3; i++) {
            step.fit(batches.get(i % batches.size()));
        }
        times.recording = true;
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            times.lastEnd = 0; // the gap between two steps is not SameDiff's
            step.fit(batches.get(i % batches.size()));
        }
        double stepMs = (System.nanoTime() - start) / 1e6 / steps;
        print(times, steps, stepMs, preset.cliName() + ", " + ThreadSettings.describe());
    }

    private static void print(OpTimes times, int steps, double stepMs, String what) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(times.byOp.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        double opsMs = rows.stream().mapToLong(e -> e.getValue()[1]).sum() / 1e6 / steps;
        long count = rows.stream().mapToLong(e -> e.getValue()[0]).sum() / steps;
        double betweenMs = times.between / 1e6 / steps;
        System.out.printf(Locale.ROOT, "%s: %.1f ms per step (profiled) = %.1f ms in %d ops + %.1f ms between ops"
                        + " (SameDiff) + %.1f ms outside the graph (updater, clipping, copying gradients)%n",
                what, stepMs, opsMs, count, betweenMs, stepMs - opsMs - betweenMs);
        System.out.printf(Locale.ROOT, "%10s %7s %10s %6s  %s%n", "ms/step", "ops", "us/op", "share", "op [first output shape]");
        for (Map.Entry<String, long[]> row : rows) {
            double ms = row.getValue()[1] / 1e6 / steps;
            System.out.printf(Locale.ROOT, "%10.2f %7d %10.1f %5.1f%%  %s%n", ms, row.getValue()[0] / steps,
                    row.getValue()[1] / 1e3 / row.getValue()[0], 100 * ms / stepMs, row.getKey());
        }
    }
}
