package dev.chargpt.bench;

import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.config.ThreadSettings;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.FullWindowModel;
import dev.chargpt.decoder.KvCacheModel;
import dev.chargpt.decoder.NextCharacterModel;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.sample.TextGenerator;
import dev.chargpt.sample.TokenSampler;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Sampling speed of the two {@link NextCharacterModel}s on the cpu-small shape (4 layers x 4 heads
 * x 128, context 64, 65 characters): the full-window network call per character (nanoGPT's way,
 * sliding by one) against the key/value-cached plain-Java decoder, under both context policies:
 * {@code exact} (slides by one like the full window, so the two must write the same text; the
 * benchmark says whether they did) and {@code shift} ({@code chargpt sample}'s default).
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.GenerationBenchmark [characters=500] [repeats=3]</pre>
 * Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (the project's default) for comparable numbers.
 */
public final class GenerationBenchmark {
    /** Tiny Shakespeare's 65 characters, so the vocabulary has the real size. */
    private static final String CHARACTERS = "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long SEED = 1337;

    public static void main(String[] args) {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        NativeRuntime.configure();
        ModelConfig config = new ModelConfig(65, 4, 4, 128, 64, 0.0);
        MultiLayerNetwork network = GptNetwork.create(config, new Adam(1e-3), 0.0, 1, DataType.FLOAT);
        Vocabulary vocabulary = Vocabulary.of(CHARACTERS);
        System.out.println("cpu-small shape, " + config.parameterCount() + " parameters; " + ThreadSettings.describe());

        int t = config.blockSize();
        Run full = measure("full window", () -> new FullWindowModel(network, config, ContextPolicy.EXACT), vocabulary, t, length, repeats);
        Run exact = measure("kv cache exact", () -> new KvCacheModel(network, config, ContextPolicy.EXACT), vocabulary, t, length, repeats);
        Run shift = measure("kv cache shift", () -> new KvCacheModel(network, config, ContextPolicy.SHIFT), vocabulary, t, length, repeats);
        System.out.printf(Locale.ROOT, "kv cache exact / full window = %.1fx faster overall (%.1fx while the context fills, %.1fx once it is full); same text: %s%n",
                exact.charsPerSecond / full.charsPerSecond, full.fillingMs / exact.fillingMs, full.slidingMs / exact.slidingMs,
                full.text.equals(exact.text));
        System.out.printf(Locale.ROOT, "kv cache shift / full window = %.1fx faster overall (%.1fx once the context is full)%n",
                shift.charsPerSecond / full.charsPerSecond, full.slidingMs / shift.slidingMs);
    }

    /** chars/s over the whole text, and ms per character before and after the context is full. */
    private record Run(double charsPerSecond, double fillingMs, double slidingMs, String text) {
    }

    private static Run measure(String name, Supplier<NextCharacterModel> models, Vocabulary vocabulary,
                               int blockSize, int length, int repeats) {
        // Warm-up: JIT compilation, native library set-up, the network's first-call shape fixing.
        for (int i = 0; i < 2; i++) {
            generate(models.get(), vocabulary, length, new long[length]);
        }
        Run[] runs = new Run[repeats];
        for (int i = 0; i < repeats; i++) {
            NextCharacterModel model = models.get(); // construction (the weight copy) is not timed
            long[] doneAt = new long[length];
            long start = System.nanoTime();
            String text = generate(model, vocabulary, length, doneAt);
            double seconds = (doneAt[length - 1] - start) / 1e9;
            // From an empty prompt (one newline of context), characters 0..T-2 are predicted from a
            // context that is still filling; from character T-1 on, the context has been full.
            int filling = Math.min(blockSize - 1, length);
            double fillingMs = (doneAt[filling - 1] - start) / 1e6 / filling;
            double slidingMs = length > filling ? (doneAt[length - 1] - doneAt[filling - 1]) / 1e6 / (length - filling) : Double.NaN;
            runs[i] = new Run(length / seconds, fillingMs, slidingMs, text);
        }
        Arrays.sort(runs, (a, b) -> Double.compare(a.charsPerSecond, b.charsPerSecond));
        Run median = runs[repeats / 2];
        System.out.printf(Locale.ROOT, "%-12s %5d chars  %8.1f chars/s  (%.2f ms/char; filling context %.2f ms/char, after it is full %.2f ms/char; runs %s chars/s)%n",
                name, length, median.charsPerSecond, 1000 / median.charsPerSecond, median.fillingMs, median.slidingMs,
                Arrays.toString(Arrays.stream(runs).mapToDouble(Run::charsPerSecond).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).toArray()));
        return median;
    }

    /** Writes {@code length} characters; {@code doneAt[i]} is when character i reached the callback. */
    private static String generate(NextCharacterModel model, Vocabulary vocabulary, int length, long[] doneAt) {
        int[] count = {0};
        return new TextGenerator(model, vocabulary).generate("", length, new TokenSampler(1.0, 0, 1.0, SEED),
                cp -> doneAt[count[0]++] = System.nanoTime());
    }
}
