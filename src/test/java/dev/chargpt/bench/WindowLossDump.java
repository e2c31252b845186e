package dev.chargpt.bench;

import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.eval.NgramBaseline;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every validation window's summed loss under a checkpoint, beside the same window's summed loss
 * under the n-gram model of the training split that mid-run points are scaled by ({@link NgramBaseline}): the raw material for choosing how a mid-run point
 * estimates the whole split's loss from a subset of its windows (benchmarks/README.md, "Validation
 * points, cheaper"). One CSV line per window: window, predictions, model nats, n-gram nats. Beside it,
 * OUT.positions.csv: the model's mean loss at each position of a window (position p predicts with p + 1
 * characters of context), to compare models of different block sizes on the same context.
 *
 * <pre>java -cp &lt;bench classpath&gt; dev.chargpt.bench.WindowLossDump CHECKPOINT.zip OUT.csv [data dir=data]</pre>
 */
public final class WindowLossDump {
    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path dataDir = Path.of(args.length > 2 ? args[2] : "data");
        NativeRuntime.configure();
        Checkpoint checkpoint = CheckpointFile.read(zip);
        RunConfig config = checkpoint.config();
        TrainingData data = TrainingData.reload(config.corpus(), dataDir, checkpoint.vocabulary(), zip);
        int[] validation = data.split().validation();
        int[] train = data.split().train();
        OneGraphLogits logits = new OneGraphLogits(checkpoint.networkForUse());
        int t = logits.blockSize();
        int v = logits.vocabSize();
        NgramBaseline ngram = new NgramBaseline(train, v);
        long windows = (validation.length - 1L + t - 1) / t;
        int batch = 32;
        double[] positionNats = new double[t];
        long[] positionCount = new long[t];
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            writer.println("window,predictions,model_nats,ngram_nats");
            for (long first = 0; first < windows; first += batch) {
                int n = (int) Math.min(batch, windows - first);
                int[] features = new int[n * t];
                for (int b = 0; b < n; b++) {
                    long start = (first + b) * t;
                    System.arraycopy(validation, (int) start, features, b * t, (int) Math.min(t, validation.length - start));
                }
                float[] z = logits.logits(features, n);
                for (int b = 0; b < n; b++) {
                    long start = (first + b) * t;
                    int targets = (int) Math.min(t, validation.length - 1L - start);
                    double model = 0;
                    for (int i = 0; i < targets; i++) {
                        int target = validation[(int) (start + i + 1)];
                        double nats = -logProbability(z, (b * t + i) * v, v, target);
                        model += nats;
                        positionNats[i] += nats;
                        positionCount[i]++;
                    }
                    double base = ngram.windowNats(validation, first + b, t);
                    writer.printf(Locale.ROOT, "%d,%d,%.6f,%.6f%n", first + b, targets, model, base);
                }
            }
        }
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".positions.csv")))) {
            writer.println("position,predictions,mean_nats");
            for (int i = 0; i < t; i++) {
                writer.printf(Locale.ROOT, "%d,%d,%.6f%n", i, positionCount[i], positionNats[i] / positionCount[i]);
            }
        }
        System.out.printf(Locale.ROOT, "%s: step %d, %d windows -> %s%n", zip, checkpoint.state().step(), windows, out);
    }

    private static double logProbability(float[] z, int offset, int v, int target) {
        float max = Float.NEGATIVE_INFINITY;
        for (int id = 0; id < v; id++) {
            max = Math.max(max, z[offset + id]);
        }
        double sum = 0;
        for (int id = 0; id < v; id++) {
            sum += Math.exp((double) z[offset + id] - max);
        }
        return (double) z[offset + target] - max - Math.log(sum);
    }
}
