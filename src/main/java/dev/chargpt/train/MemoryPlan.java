package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.config.MachineMemory;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.RunConfig;
import dev.chargpt.step.TrainingStep;

import java.util.Locale;

/**
 * What a training run needs in memory, computed from its config and its corpus before it starts,
 * so the footprint is a decision rather than whatever the machine's size makes the JVM take:
 * <ul>
 *   <li>the Java heap: the corpus as text and ids, and the decoder's double-precision copy of the
 *   weights for the samples; the launcher and the Docker image give every run
 *   {@value #LAUNCHER_HEAP_MB} MB, enough for every preset on the named corpora
 *   (MemoryPlanTest), and a run that needs more says so before it starts;</li>
 *   <li>ND4J's arrays outside workspaces: weights, gradients, Adam's two moments and scratch; the
 *   {@code train} command caps them ({@link #arrayLimitBytes}: a runaway fails with one line
 *   instead of growing);</li>
 *   <li>the training step's own arrays ({@link TrainingStep#workspaceEstimate}): the one-graph step
 *   keeps them outside workspaces, allocated once and reused, so the cap counts them too;</li>
 *   <li>the JVM and the native libraries, measured.</li>
 * </ul>
 * Measured on the default run (cpu-small on tiny Shakespeare, this 2-core machine): 816 MB resident
 * after 200 steps with 87 MB of heap in use, 12 MB of ND4J arrays and a 0.31 GB workspace, so about
 * 0.4 GB is the JVM and native code (libnd4j, OpenBLAS, JIT, metaspace).
 */
public record MemoryPlan(String preset, long heapBytes, long arrayBytes, long stepBytes) {
    /** The Java heap the launcher and the Docker image set (-Xmx); MemoryPlanTest keeps them equal to this. */
    public static final int LAUNCHER_HEAP_MB = 640;

    private static final long MB = 1024 * 1024;
    /** The JVM and the native libraries, before any model (see the class comment). */
    static final long BASELINE_BYTES = 400 * MB;
    /** Java's own classes and objects: DL4J's configuration, Commons CLI, JFreeChart. */
    private static final long HEAP_BASE_BYTES = 96 * MB;
    /** Text as a String (2 bytes per char), its ids and the split copies of them (4 bytes each, twice). */
    private static final long HEAP_BYTES_PER_CHARACTER = 12;
    /** The decoder's weights in doubles, and their transient copies while they are read. */
    private static final long HEAP_BYTES_PER_PARAMETER = 24;
    /** Weights, gradients, Adam's two moments, the one-graph step's gradient copy, and clipping's scratch. */
    private static final long ARRAY_BYTES_PER_PARAMETER = 6 * Float.BYTES;
    private static final long ARRAY_SLACK_BYTES = 32 * MB;
    private static final long UNCOLLECTED_ARRAY_BYTES = 256 * MB;

    /** The plan for {@code config} on a corpus of {@code corpusCharacters}, on this machine. */
    public static MemoryPlan forRun(RunConfig config, long corpusCharacters) {
        return forRun(config, corpusCharacters, MachineMemory.physicalBytes());
    }

    static MemoryPlan forRun(RunConfig config, long corpusCharacters, long physicalBytes) {
        ModelConfig model = config.model();
        long parameters = model.parameterCount();
        long heap = HEAP_BASE_BYTES + HEAP_BYTES_PER_CHARACTER * corpusCharacters + HEAP_BYTES_PER_PARAMETER * parameters;
        long arrays = ARRAY_BYTES_PER_PARAMETER * parameters + ARRAY_SLACK_BYTES;
        return new MemoryPlan(config.preset(), heap, arrays,
                TrainingStep.workspaceEstimate(model, config.batchSize(), physicalBytes));
    }

    /**
     * What ND4J's arrays outside workspaces may take before a run fails: twice the plan for weights,
     * gradients and Adam, the training step's arrays once, and room for arrays that are garbage but
     * not yet collected (libnd4j counts an array until Java's collector frees it, so a cap at the
     * plan alone would fail a healthy run at a slow collection).
     */
    public long arrayLimitBytes() {
        return 2 * arrayBytes + stepBytes + UNCOLLECTED_ARRAY_BYTES;
    }

    /** The resident size this plan comes to. */
    public long residentBytes() {
        return BASELINE_BYTES + heapBytes + arrayBytes + stepBytes;
    }

    /**
     * @param maxHeapBytes the heap this JVM may grow to ({@link Runtime#maxMemory()})
     * @throws BadInputException if the plan needs more heap than that, naming JAVA_OPTS and the preset
     */
    public void requireHeap(long maxHeapBytes) {
        if (heapBytes > maxHeapBytes) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "this run (%s) needs about %d MB of Java heap but may use %d MB: give Java more, for example"
                            + " JAVA_OPTS=-Xmx%dm ./chargpt train ..., or train on a smaller corpus",
                    preset, heapBytes / MB, maxHeapBytes / MB, roundUp(heapBytes * 5 / 4) / MB));
        }
    }

    public String describe() {
        return String.format(Locale.ROOT, "about %,d MB resident: Java heap %,d MB, ND4J arrays %,d MB (capped at %,d MB),"
                        + " training step %,d MB, JVM and native libraries %,d MB",
                residentBytes() / MB, heapBytes / MB, arrayBytes / MB, arrayLimitBytes() / MB, stepBytes / MB,
                BASELINE_BYTES / MB);
    }

    private static long roundUp(long bytes) {
        return (bytes + 64 * MB - 1) / (64 * MB) * (64 * MB);
    }
}
