package dev.chargpt.bench;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.ThreadSettings;
import dev.chargpt.eval.EvaluationResult;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.model.GptNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long {@link TextEvaluator} takes for a validation loss the size of tiny Shakespeare's
 * validation split (111,540 characters) on the cpu-small shape, per batch size. The training loop
 * runs this after every epoch, so it must stay well under the time of an epoch. The ids are
 * random: the time does not depend on the text.
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.EvaluationBenchmark [characters=111540] [batch sizes=16,32,64]</pre>
 */
public final class EvaluationBenchmark {
    public static void main(String[] args) {
        int characters = args.length > 0 ? Integer.parseInt(args[0]) : 111_540;
        String[] batches = (args.length > 1 ? args[1] : "16,32,64").split(",");
        NativeRuntime.configure();
        ModelConfig config = new ModelConfig(65, 4, 4, 128, 64, 0.0);
        MultiLayerNetwork network = GptNetwork.create(config, new Adam(1e-3), 0.0, 1, DataType.FLOAT);
        SplittableRandom random = new SplittableRandom(7);
        int[] ids = new int[characters];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(config.vocabSize());
        }
        System.out.println("cpu-small shape, " + characters + " characters; " + ThreadSettings.describe());
        new TextEvaluator(network, config).evaluate(java.util.Arrays.copyOf(ids, 64 * 64 + 1)); // warm-up
        for (String batch : batches) {
            TextEvaluator evaluator = new TextEvaluator(network, config, Integer.parseInt(batch.trim()));
            long start = System.nanoTime();
            EvaluationResult result = evaluator.evaluate(ids);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%3s windows per call: %6.2f s, %8.0f chars/s, %.4f nats over %d characters%n",
                    batch.trim(), seconds, result.charactersScored() / seconds, result.meanNats(), result.charactersScored());
        }
    }
}
