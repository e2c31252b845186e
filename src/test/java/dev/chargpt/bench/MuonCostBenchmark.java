package dev.chargpt.bench;

import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.Preset;
import dev.chargpt.config.ThreadSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What Muon's orthogonalisation would add to a training step, timed alone before anything is built
 * (issue 32): five Newton-Schulz iterations (X / ||X||_F; A = X X^T; B = b A + c A^2; X = a X + B X,
 * with a, b, c = 3.4445, -4.7750, 2.0315, the wide side transposed so that rows &lt;= columns) on
 * every hidden matrix of a preset (each block's query/key/value, attention output, MLP in and out),
 * once per step, in ND4J on this thread, as a Muon step would run them.
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.MuonCostBenchmark [preset=cpu-small] [rounds=50]</pre>
 * Compare the ms per step it prints with {@link StepBenchmark}'s step in the same sitting.
 */
public final class MuonCostBenchmark {
    private static final double A = 3.4445;
    private static final double B = -4.7750;
    private static final double C = 2.0315;

    private MuonCostBenchmark() {
    }

    public static void main(String[] args) {
        NativeRuntime.configure();
        Preset preset = Preset.fromCliName(args.length > 0 ? args[0] : "cpu-small");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long c = preset.width;
        List<long[]> shapes = new ArrayList<>();
        for (int layer = 0; layer < preset.layers; layer++) {
            shapes.add(new long[]{c, 3 * c}); // query, key, value
            shapes.add(new long[]{c, c});     // attention output
            shapes.add(new long[]{c, 4 * c}); // MLP in
            shapes.add(new long[]{4 * c, c}); // MLP out
        }
        Nd4j.getRandom().setSeed(1);
        List<INDArray> updates = new ArrayList<>();
        for (long[] shape : shapes) {
            updates.add(Nd4j.randn(DataType.FLOAT, shape));
        }
        double flops = 0;
        for (long[] shape : shapes) {
            double m = Math.min(shape[0], shape[1]);
            double n = Math.max(shape[0], shape[1]);
            flops += 5 * 2 * (m * m * n + m * m * m + m * m * n); // X X^T, A A, B X
        }
        for (int i = 0; i < 5; i++) {
            updates.forEach(MuonCostBenchmark::orthogonalise); // warm-up
        }
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (INDArray update : updates) {
                orthogonalise(update);
            }
            ms[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[rounds / 2];
        System.out.printf(Locale.ROOT, "%s, %s: Newton-Schulz (5 iterations) on %d hidden matrices: median %.1f ms per step"
                        + " (%.2f GFLOP, %.1f GFLOP/s); fastest %.1f, slowest %.1f%n", preset.cliName(), ThreadSettings.describe(),
                shapes.size(), median, flops / 1e9, flops / 1e9 / (median / 1e3), ms[0], ms[rounds - 1]);
    }

    /** Five Newton-Schulz iterations toward the nearest semi-orthogonal matrix, as Muon's reference does. */
    static INDArray orthogonalise(INDArray update) {
        boolean tall = update.rows() > update.columns();
        INDArray x = tall ? update.transpose().dup() : update.dup();
        x.divi(x.norm2Number().doubleValue() + 1e-7);
        for (int i = 0; i < 5; i++) {
            INDArray a = x.mmul(x.transpose());
            INDArray b = a.mul(B).addi(a.mmul(a).muli(C));
            x = x.mul(A).addi(b.mmul(x));
        }
        return tall ? x.transpose() : x;
    }
}
