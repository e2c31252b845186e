package dev.chargpt.checkpoint;

import dev.chargpt.config.ModelConfig;

/**
 * How many bytes each entry of a checkpoint may inflate to, from what the checkpoint's own config
 * and state imply. Every cap is several times what chargpt writes, so no real checkpoint comes near
 * one, and each is small next to the memory a load takes anyway: a hostile file can make a load read
 * no more than a genuine checkpoint of the model it claims to be. The claimed model, in turn, must fit
 * this JVM's heap ({@link #forNetwork}).
 */
final class EntryCaps {
    /** format, config and state properties: about 0.5 KB each as written. */
    static final long PROPERTIES = 64 * 1024;

    /** Room in an ND4J array file for its two headers (about 90 bytes as written) and the shape. */
    private static final long ARRAY_HEADER = 1024;

    /** Unicode has 0x110000 code points: no vocabulary is larger, whatever the config claims. */
    private static final long CODE_POINTS = 0x110000;

    private EntryCaps() {
    }

    /**
     * vocabulary.json, {@code {"format":1,"codePoints":[10,32,...]}}: a code point takes at most 7
     * digits and a comma; 16 bytes each leaves room for spaces.
     */
    static long vocabulary(ModelConfig model) {
        return 16 * Math.min(model.vocabSize(), CODE_POINTS) + 4096;
    }

    /**
     * history.jsonl holds one row per step and one per validation (at most one per step), each at most
     * about 210 bytes with every number at full length (written: about 120): 512 bytes per step, plus
     * 1 MiB. The step count is the state's claim, so the cap stops at 256 MiB, the history of about
     * two million steps (about 4 days of cpu-small at its fastest; a run that long resumes from a
     * checkpoint of its own, where the history is trusted as much as the machine is).
     */
    static long history(TrainingState state) {
        long steps = Math.max(0, Math.min(state.step(), Integer.MAX_VALUE));
        return Math.min(512 * (steps + 1) + (1 << 20), 256L << 20);
    }

    /**
     * The caps of network.zip and its entries for {@code model}.
     *
     * @throws CheckpointRefusal if loading such a model would not fit this JVM's heap: the config is the
     *                           checkpoint's claim, so it bounds nothing until it is bounded itself
     */
    static Network forNetwork(ModelConfig model, long maxHeapBytes) throws CheckpointRefusal {
        long parameters = model.parameterCount();
        // Floats: the weights once, Adam's two moments for each of them.
        long coefficients = 4 * parameters + ARRAY_HEADER;
        long updaterState = 8 * parameters + ARRAY_HEADER;
        // Written: about 2 KB per layer; 16 KiB each is 8 times that.
        long configuration = 16 * 1024L * (model.layers() + 2) + 64 * 1024;
        long inner = coefficients + updaterState + configuration;
        // Deflate adds at most a few bytes per block to data it cannot compress, zip a header per entry.
        long networkZip = inner + inner / 64 + 64 * 1024;
        // A load holds network.zip and its inflated entries at once: twice the file, before ND4J's copy.
        long needed = 2 * networkZip;
        if (needed > maxHeapBytes || networkZip > Integer.MAX_VALUE - 8) {
            throw new CheckpointRefusal("its model has " + String.format("%,d", parameters) + " parameters, which take about "
                    + (needed >> 20) + " MB to load, more than this Java's heap of " + (maxHeapBytes >> 20) + " MB",
                    "if it is a chargpt checkpoint you trust, run with more memory (JAVA_OPTS=-Xmx...), otherwise use a checkpoint written by chargpt");
        }
        return new Network(networkZip, configuration, coefficients, updaterState, parameters);
    }

    /** network.zip's caps, and the parameter count its arrays must hold. */
    record Network(long networkZip, long configuration, long coefficients, long updaterState, long parameters) {
    }
}
