package dev.chargpt.bench;

import dev.chargpt.chart.LossChart;
import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.train.ValidationWindows;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a validation point's time goes, piece by piece, on a real run's checkpoint (its weights,
 * config and loss history): the validation forward over the whole split and over seeded subsets of
 * its windows (with each subset's distance from the whole), the checkpoint write, the copy to
 * best.zip, and the chart. The training loop does each of these at a validation point.
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.ValidationPointBenchmark RUN_DIR [data dir=data] [subset sizes=64,128,256,512] [seeds=5]</pre>
 */
public final class ValidationPointBenchmark {
    public static void main(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        Path dataDir = Path.of(args.length > 1 ? args[1] : "data");
        String[] sizes = (args.length > 2 ? args[2] : "64,128,256,512").split(",");
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        NativeRuntime.configure();
        Checkpoint checkpoint = CheckpointFile.read(run.resolve("latest.zip"));
        RunConfig config = checkpoint.config();
        TrainingData data = TrainingData.reload(config.corpus(), dataDir, checkpoint.vocabulary(), run.resolve("latest.zip"));
        int[] validation = data.split().validation();
        MultiLayerNetwork network = checkpoint.networkForUse();
        TextEvaluator layered = new TextEvaluator(network, config.model(), config.batchSize());
        TextEvaluator evaluator = new TextEvaluator(new OneGraphLogits(network), config.batchSize());
        long count = evaluator.windowCount(validation.length);
        layered.evaluateWindows(validation, new long[]{0, 1}); // warm-up
        evaluator.evaluateWindows(validation, new long[]{0, 1});

        long start = System.nanoTime();
        double byLayers = layered.evaluate(validation).meanNats();
        double layeredSeconds = seconds(start);
        start = System.nanoTime();
        double full = evaluator.evaluate(validation).meanNats();
        System.out.printf(Locale.ROOT, "step %d: whole split, %d windows: %.6f nats in %.2f s (one graph); %.6f nats in %.2f s"
                        + " (network.output, layer by layer)%n", checkpoint.state().step(), count, full, seconds(start), byLayers,
                layeredSeconds);
        for (String size : sizes) {
            int windows = Integer.parseInt(size.trim());
            double worst = 0;
            double time = 0;
            StringBuilder each = new StringBuilder();
            for (long seed = 1; seed <= seeds; seed++) {
                long[] chosen = ValidationWindows.choose(count, windows, seed);
                start = System.nanoTime();
                double subset = evaluator.evaluateWindows(validation, chosen).meanNats();
                time += seconds(start);
                worst = Math.max(worst, Math.abs(subset - full));
                each.append(String.format(Locale.ROOT, " %+.4f", subset - full));
            }
            System.out.printf(Locale.ROOT, "%4d windows: %.2f s each, subset - whole over %d seeds:%s (worst %.4f)%n",
                    windows, time / seeds, seeds, each, worst);
        }

        byte[] history = checkpoint.history();
        Path scratch = Files.createTempDirectory("validation-point");
        Path latest = scratch.resolve("latest.zip");
        for (int round = 0; round < 3; round++) {
            start = System.nanoTime();
            CheckpointFile.write(latest, checkpoint.network(), config, checkpoint.state(), checkpoint.vocabulary(), history);
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

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
