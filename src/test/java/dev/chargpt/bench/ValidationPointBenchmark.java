package dev.chargpt.bench;

import dev.chargpt.chart.LossChart;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.eval.ParallelTextEvaluator;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.train.ValidationWindows;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Locale;

/**
 * Where a validation point's time goes, piece by piece, on a real run's checkpoint (its weights,
 * config and loss history): the validation forward over the whole split on one thread and on
 * {@code threads} (as the training loop validates), seeded subsets of its windows (the loop's evenly
 * spread choice against as many random windows, with each one's distance from the whole), the
 * checkpoint write, the copy to best.zip, and the chart. The training loop does each of these at a
 * validation point.
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.ValidationPointBenchmark RUN_DIR [data dir=data] [subset sizes=256,384,512] [seeds=8] [threads=2]</pre>
 */
public final class ValidationPointBenchmark {
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        Path dataDir = Path.of(args.length > 1 ? args[1] : "data");
        String[] sizes = (args.length > 2 ? args[2] : "256,384,512").split(",");
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        NativeRuntime.configure();
        Checkpoint checkpoint = CheckpointFile.read(run.resolve("latest.zip"));
        RunConfig config = checkpoint.config();
        TrainingData data = TrainingData.reload(config.corpus(), dataDir, checkpoint.vocabulary(), run.resolve("latest.zip"));
        int[] validation = data.split().validation();
        MultiLayerNetwork network = checkpoint.networkForUse();
        TextEvaluator layered = new TextEvaluator(network, config.model(), config.batchSize());
        TextEvaluator evaluator = new TextEvaluator(new OneGraphLogits(network), TextEvaluator.DEFAULT_WINDOWS_PER_BATCH);
        long count = evaluator.windowCount(validation.length);
        layered.evaluateWindows(validation, new long[]{0, 1}); // warm-up
        evaluator.evaluateWindows(validation, new long[]{0, 1});

        long start = System.nanoTime();
        double byLayers = layered.evaluate(validation).meanNats();
        double layeredSeconds = seconds(start);
        start = System.nanoTime();
        double full = evaluator.evaluate(validation).meanNats();
        double oneThread = seconds(start);
        try (ParallelTextEvaluator parallel = new ParallelTextEvaluator(() -> new OneGraphLogits(network), threads,
                TextEvaluator.DEFAULT_WINDOWS_PER_BATCH)) {
            parallel.evaluateWindows(validation, new long[]{0, 1, 2, 3});
            start = System.nanoTime();
            double onThreads = parallel.evaluate(validation).meanNats();
            System.out.printf(Locale.ROOT, "step %d: whole split, %d windows: %.6f nats in %.2f s (one graph, one thread);"
                            + " %.6f nats in %.2f s (one graph on each of %d threads); %.6f nats in %.2f s (network.output, layer by layer)%n",
                    checkpoint.state().step(), count, full, oneThread, onThreads, seconds(start), threads, byLayers, layeredSeconds);
            for (String size : sizes) {
                int windows = Integer.parseInt(size.trim());
                double worstSpread = 0;
                double worstRandom = 0;
                double time = 0;
                StringBuilder spread = new StringBuilder();
                StringBuilder random = new StringBuilder();
                for (long seed = 1; seed <= seeds; seed++) {
                    long[] chosen = ValidationWindows.choose(count, windows, seed);
                    start = System.nanoTime();
                    double subset = parallel.evaluateWindows(validation, chosen).meanNats();
                    time += seconds(start);
                    worstSpread = Math.max(worstSpread, Math.abs(subset - full));
                    spread.append(String.format(Locale.ROOT, " %+.4f", subset - full));
                    double drawn = parallel.evaluateWindows(validation, randomWindows(count, windows, seed)).meanNats();
                    worstRandom = Math.max(worstRandom, Math.abs(drawn - full));
                    random.append(String.format(Locale.ROOT, " %+.4f", drawn - full));
                }
                System.out.printf(Locale.ROOT, "%4d windows: %.2f s each on %d threads; subset - whole over %d seeds, spread:%s"
                        + " (worst %.4f); random:%s (worst %.4f)%n", windows, time / seeds, threads, seeds, spread, worstSpread,
                        random, worstRandom);
            }
        }

        byte[] history = checkpoint.history();
        Path scratch = Files.createTempDirectory("validation-point");
        Path latest = scratch.resolve("latest.zip");
        for (int round = 0; round < 3; round++) {
            start = System.nanoTime();
            CheckpointFile.write(latest, checkpoint.network(), config, checkpoint.state(), checkpoint.vocabulary(), history,
                    checkpoint.average());
            double write = seconds(start);
            start = System.nanoTime();
            CheckpointFile.copy(latest, scratch.resolve("best.zip"));
            double copy = seconds(start);
            Path historyFile = scratch.resolve("history.jsonl");
            LossHistory loss = new LossHistory(historyFile);
            loss.replaceWith(history);
            start = System.nanoTime();
            List<LossRecord> rows = loss.readAll();
            double read = seconds(start);
            start = System.nanoTime();
            LossChart.render(rows, "benchmark", scratch.resolve("loss.png"));
            double chart = seconds(start);
            System.out.printf(Locale.ROOT, "round %d: checkpoint write %.2f s (%,d bytes, history %,d bytes), copy to best %.2f s,"
                            + " history read %.2f s (%,d rows), chart %.2f s%n", round, write, Files.size(latest), history.length,
                    copy, read, rows.size(), chart);
        }
    }

    /** {@code size} windows drawn uniformly without repeats, for comparison with the spread choice. */
    private static long[] randomWindows(long count, int size, long seed) {
        long[] windows = new long[Math.toIntExact(count)];
        Arrays.setAll(windows, k -> k);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(windows.length - i);
            long chosen = windows[j];
            windows[j] = windows[i];
            windows[i] = chosen;
        }
        long[] chosen = Arrays.copyOf(windows, size);
        Arrays.sort(chosen);
        return chosen;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
