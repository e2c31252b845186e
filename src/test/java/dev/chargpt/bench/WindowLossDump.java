package dev.chargpt.bench;

import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.eval.NgramBaseline;
import dev.chargpt.eval.TextEvaluator;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every validation window's summed loss under a checkpoint, beside the same window's summed loss
 * under the n-gram model of the training split that mid-run points are corrected with
 * ({@link NgramBaseline}): the raw material for choosing how a mid-run point estimates the whole
 * split's loss from a subset of its windows (benchmarks/README.md, "Validation points, cheaper",
 * "The n-gram correction"). One CSV line per window: window, predictions, model nats, n-gram nats.
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
        TextEvaluator evaluator = new TextEvaluator(new OneGraphLogits(checkpoint.networkForUse()), TextEvaluator.DEFAULT_WINDOWS_PER_BATCH);
        NgramBaseline ngram = new NgramBaseline(data.split().train(), checkpoint.vocabulary().size());
        int t = config.model().blockSize();
        long[] windows = TextEvaluator.windowNumbers(evaluator.windowCount(validation.length));
        double[] model = evaluator.windowNats(validation, windows);
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
            writer.println("window,predictions,model_nats,ngram_nats");
            for (long window : windows) {
                writer.printf(Locale.ROOT, "%d,%d,%.6f,%.6f%n", window, TextEvaluator.predictions(window, t, validation.length),
                        model[(int) window], ngram.windowNats(validation, window, t));
            }
        }
        System.out.printf(Locale.ROOT, "%s: step %d, %d windows -> %s%n", zip, checkpoint.state().step(), windows.length, out);
    }
}
