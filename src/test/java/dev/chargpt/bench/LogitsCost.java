package dev.chargpt.bench;

import dev.chargpt.config.Activation;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.ThreadSettings;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.model.GptNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What one forward call of {@link OneGraphLogits} costs on the cpu-small shape (relu2), per batch of
 * windows: the milliseconds of a call and per window, the median of {@code rounds} calls after a
 * warm-up. A validation point makes these calls; a training step (forward, backward and update) is
 * the yardstick: StepBenchmark on the same machine.
 *
 * <pre>java -cp &lt;bench classpath&gt; dev.chargpt.bench.LogitsCost [batches=8,16,32,64] [rounds=20]</pre>
 */
public final class LogitsCost {
    static void profile(OneGraphLogits logits, int[] ids, int batch) {
        try {
            java.lang.reflect.Field f = OneGraphLogits.class.getDeclaredField("graph");
            f.setAccessible(true);
            org.nd4j.autodiff.samediff.SameDiff sd = (org.nd4j.autodiff.samediff.SameDiff) f.get(logits);
            java.util.Map<String, long[]> byOp = new java.util.TreeMap<>();
            long[] t0 = new long[1];
            org.nd4j.autodiff.listeners.BaseListener l = new org.nd4j.autodiff.listeners.BaseListener() {
                @Override public boolean isActive(org.nd4j.autodiff.listeners.Operation o) { return true; }
                @Override public void preOpExecution(org.nd4j.autodiff.samediff.SameDiff s, org.nd4j.autodiff.listeners.At at,
                        org.nd4j.autodiff.samediff.internal.SameDiffOp op, org.nd4j.linalg.api.ops.OpContext c) { t0[0] = System.nanoTime(); }
                @Override public void opExecution(org.nd4j.autodiff.samediff.SameDiff s, org.nd4j.autodiff.listeners.At at,
                        org.nd4j.linalg.dataset.api.MultiDataSet b, org.nd4j.autodiff.samediff.internal.SameDiffOp op,
                        org.nd4j.linalg.api.ops.OpContext c, org.nd4j.linalg.api.ndarray.INDArray[] out) {
                    long[] e = byOp.computeIfAbsent(op.getOp().opName() + " " + (out.length > 0 && out[0] != null ? Arrays.toString(out[0].shape()) : ""), k -> new long[2]);
                    e[0]++; e[1] += System.nanoTime() - t0[0];
                }
            };
            sd.addListeners(l);
            for (int i = 0; i < 5; i++) logits.logits(ids, batch);
            sd.getListeners().remove(l);
            byOp.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(15).forEach(e ->
                    System.out.printf(Locale.ROOT, "   %8.2f ms %4d  %s%n", e.getValue()[1] / 5e6, e.getValue()[0] / 5, e.getKey()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        String[] batches = (args.length > 0 ? args[0] : "8,16,32,64").split(",");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        NativeRuntime.configure();
        ModelConfig config = new ModelConfig(65, 4, 4, 128, 64, 0.0, Activation.RELU2);
        MultiLayerNetwork network = GptNetwork.create(config, new Adam(1e-3), 0.0, 1, DataType.FLOAT);
        OneGraphLogits logits = new OneGraphLogits(network);
        SplittableRandom random = new SplittableRandom(7);
        System.out.println("cpu-small shape (relu2); " + ThreadSettings.describe());
        for (String text : batches) {
            int batch = Integer.parseInt(text.trim());
            int[] ids = random.ints(batch * 64L, 0, 65).toArray();
            for (int i = 0; i < 3; i++) {
                logits.logits(ids, batch);
            }
            double[] ms = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                logits.logits(ids, batch);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            if (System.getProperty("profile") != null) {
                profile(logits, ids, batch);
            }
            Arrays.sort(ms);
            double median = ms[rounds / 2];
            System.out.printf(Locale.ROOT, "batch %3d: %.1f ms a call (p10 %.1f, p90 %.1f), %.2f ms a window%n", batch, median,
                    ms[rounds / 10], ms[rounds * 9 / 10], median / batch);
        }
    }
}
