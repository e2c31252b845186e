package dev.chargpt.bench;

import dev.chargpt.ResidentMemory;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.config.Activation;
import dev.chargpt.config.ConfigResolver;
import dev.chargpt.config.Overrides;
import dev.chargpt.config.Preset;
import dev.chargpt.config.NativeRuntime;
import dev.chargpt.optim.GlobalNormClipping;
import dev.chargpt.model.GptNetwork;
import dev.chargpt.step.LayerByLayerStep;
import dev.chargpt.step.OneGraphStep;
import dev.chargpt.step.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Training-step speed and memory of the two training steps ({@link OneGraphStep}: the whole network
 * as one SameDiff graph, one forward and one backward pass, what the loop runs when it fits in memory;
 * {@link LayerByLayerStep}: DL4J's own {@code fit}, every layer's forward run again inside its
 * backward pass, what the loop ran before and runs for models too big for the one graph). Each
 * (preset, variant) runs in a fresh JVM so peak resident memory is its own.
 *
 * <pre>java -cp &lt;bench classpath, benchmarks/README.md&gt; dev.chargpt.bench.StepBenchmark [cpu-small:60] [gpu-baby:3] ...</pre>
 * Each argument is preset:steps (steps measured after warm-up). Variants: {@code step}
 * (what the training loop runs: {@link TrainingStep#forNetwork}, the one graph where it fits in
 * memory) and {@code layered} ({@link LayerByLayerStep}); with {@code --workers N} first, also
 * {@code workers-N}, the same step on N workers (DataParallelStep). With {@code --activations} first,
 * the variants are {@code step} and {@code step-relu2} instead: the same step with the MLP's exact GELU
 * and with ReLU squared ({@code train --activation relu2}), each in its own JVM, one after the other.
 * With {@code --qk-norm} first, they are {@code step-relu2} and {@code step-relu2-qknorm}: cpu-small's
 * ReLU squared step without and with QK-norm ({@code train --qk-norm}).
 */
public final class StepBenchmark {
    private static final String CHILD = "--child";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            runChild(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        List<String> plan = new java.util.ArrayList<>(args.length == 0 ? List.of("cpu-small:60", "gpu-baby:3") : Arrays.asList(args));
        int workers = 1;
        boolean activations = !plan.isEmpty() && plan.get(0).equals("--activations");
        boolean qkNorm = !plan.isEmpty() && plan.get(0).equals("--qk-norm");
        if (activations || qkNorm) {
            plan = plan.subList(1, plan.size());
        }
        if (plan.size() >= 2 && plan.get(0).equals("--workers")) {
            workers = Integer.parseInt(plan.get(1));
            plan = plan.subList(2, plan.size());
        }
        System.out.printf(Locale.ROOT, "%-10s %-9s %6s %12s %12s %14s %10s%n",
                "preset", "variant", "steps", "median ms", "p90 ms", "chars/s", "peak RSS");
        for (String item : plan) {
            String[] parts = item.split(":");
            int steps = Integer.parseInt(parts[1]);
            int warmup = steps >= 20 ? 10 : 1;
            double stepMedian = 0;
            List<String> variants = activations ? List.of("step", "step-relu2")
                    : qkNorm ? List.of("step-relu2", "step-relu2-qknorm")
                    : workers > 1 ? List.of("step", "workers-" + workers, "layered") : List.of("step", "layered");
            for (String variant : variants) {
                String line = runInChildJvm(parts[0], variant, warmup, steps);
                System.out.println(line);
                double median = Double.parseDouble(line.trim().split("\\s+")[3]);
                if (variant.equals("step") || qkNorm && variant.equals("step-relu2")) {
                    stepMedian = median;
                } else if (variant.equals("step-relu2-qknorm")) {
                    System.out.printf(Locale.ROOT, "%-10s step-relu2-qknorm / step-relu2 = %.3fx%n", parts[0], median / stepMedian);
                } else if (variant.equals("step-relu2")) {
                    System.out.printf(Locale.ROOT, "%-10s step-relu2 / step = %.3fx%n", parts[0], median / stepMedian);
                } else if (variant.startsWith("workers-")) {
                    System.out.printf(Locale.ROOT, "%-10s step / %s = %.2fx throughput%n", parts[0], variant, stepMedian / median);
                } else {
                    System.out.printf(Locale.ROOT, "%-10s layered / step = %.2fx%n", parts[0], median / stepMedian);
                }
            }
        }
    }

    private static String runInChildJvm(String preset, String variant, int warmup, int steps) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx8g", "-cp", System.getProperty("java.class.path"),
                StepBenchmark.class.getName(), CHILD, preset, variant, String.valueOf(warmup), String.valueOf(steps));
        builder.redirectErrorStream(false);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String last = "";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = reader.readLine()) != null; ) {
                last = line;
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("benchmark child failed for " + preset + " " + variant);
        }
        return last;
    }

    private static void runChild(String presetName, String variant, int warmup, int steps) throws IOException {
        NativeRuntime.configure();
        Preset preset = Preset.fromCliName(presetName);
        List<DataSet> batches = randomBatches(preset.batchSize, preset.blockSize, 65, 8);
        MultiLayerNetwork network = network(preset, variant.startsWith("step-relu2") ? Activation.RELU2 : Activation.GELU,
                variant.endsWith("-qknorm"));
        int[] next = {0};
        Runnable step;
        if (variant.startsWith("step") || variant.startsWith("workers-")) {
            int workers = variant.startsWith("step") ? 1 : Integer.parseInt(variant.substring("workers-".length()));
            TrainingStep trainingStep = TrainingStep.forNetwork(network, GRAD_CLIP, preset.batchSize, workers);
            System.err.println(presetName + ": " + TrainingStep.explainChoice(network, preset.batchSize, workers));
            step = () -> trainingStep.fit(batches.get(next[0]++ % batches.size()));
        } else {
            LayerByLayerStep layered = new LayerByLayerStep(network, GRAD_CLIP);
            step = () -> layered.fit(batches.get(next[0]++ % batches.size()));
        }
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[steps / 2];
        double p90 = ms[Math.min(steps - 1, (int) Math.ceil(steps * 0.9) - 1)];
        double charsPerSecond = preset.batchSize * preset.blockSize / (median / 1000);
        System.out.printf(Locale.ROOT, "%-10s %-9s %6d %12.1f %12.1f %14.0f %7d MB%n",
                presetName, variant, steps, median, p90, charsPerSecond, ResidentMemory.peakMegabytes().orElse(-1));
    }

    private static final double GRAD_CLIP = 1.0;

    /** The optimizer every benchmarked step uses: the preset's schedule, AdamW, clipping at 1. */
    private static OptimizerConfig optimizer(Preset preset) {
        return new OptimizerConfig(preset.learningRate, preset.minLearningRate, preset.warmupSteps, 5000, 0.1, 0.9, 0.99, GRAD_CLIP);
    }

    /** chargpt's network for {@code preset} over 65 characters. */
    static MultiLayerNetwork network(Preset preset) {
        return network(preset, preset.activation);
    }

    /** chargpt's network for {@code preset} over 65 characters, with the MLP's {@code activation}. */
    static MultiLayerNetwork network(Preset preset, Activation activation) {
        return network(preset, activation, false);
    }

    /** As above, with or without QK-norm in the attention. */
    static MultiLayerNetwork network(Preset preset, Activation activation, boolean qkNorm) {
        return GptNetwork.create(ConfigResolver.model(preset, Overrides.none(), 65).withActivation(activation).withQkNorm(qkNorm),
                optimizer(preset), 1);
    }

    /** The one-graph step on {@code network}, clipping as the loop does (for the profile). */
    static OneGraphStep oneGraphStep(MultiLayerNetwork network) {
        return new OneGraphStep(network, GRAD_CLIP);
    }

    static List<DataSet> randomBatches(int batch, int block, int vocab, int count) {
        Random random = new Random(7);
        List<DataSet> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] features = new float[batch * block];
            float[] labels = new float[batch * block];
            for (int i = 0; i < features.length; i++) {
                features[i] = random.nextInt(vocab);
                labels[i] = random.nextInt(vocab);
            }
            out.add(new DataSet(Nd4j.create(features, batch, block), Nd4j.create(labels, batch, block)));
        }
        return out;
    }
}
