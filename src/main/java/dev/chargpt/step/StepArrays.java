package dev.chargpt.step;

import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memory of {@link OneGraphStep}'s session: every array the step asks for is allocated in the
 * first step and handed out again, in the same order, in every later step whose inputs have the
 * same shapes.
 *
 * <p>Why: a step asks for about 700 arrays. SameDiff's default memory manager allocates them outside
 * any workspace and leaves them to the garbage collector (measured on cpu-small: 4.9 GB resident, a
 * p90 step four times the median). Through a workspace (DL4J's {@code DL4JSameDiffMemoryMgr}, what the
 * step used before) each one is still a new {@code INDArray} with its own native data and shape
 * buffers, which Java's collector and JavaCPP's deallocator then clean up: measured on cpu-small (StepBenchmark, one
 * thread, three interleaved pairs), 67.7 / 69.6 / 71.9 ms per step against 64.9 / 65.5 / 65.7 here,
 * and a p90 of 76-80 against 68 ms.
 *
 * <p>Why it is safe: the graph is fixed, and SameDiff's session executes its ops in the same order
 * every call, so inputs of the same shapes make the same requests in the same order; every request is
 * still checked (data type and shape). A request that differs gets an array of its own, freed when
 * the step ends, and the next step allocates and records anew. The arrays are detached (no workspace),
 * so ND4J's workspace checks have nothing to object to (nothing else the session runs allocates from
 * a workspace: the step's own stayed empty, with and without dropout, and is gone), and none of them outlives the step's use of
 * it: the step copies its loss and gradients out before the next one starts. They take what the
 * step's workspace took (every array of the step at once; {@link OneGraphMemory}), and no more: the
 * first step's arrays are the ones kept, so there is no sizing pass whose blocks the C library keeps.
 */
final class StepArrays extends AbstractMemoryMgr {
    private List<INDArray> kept = new ArrayList<>();
    private final List<INDArray> extra = new ArrayList<>();
    /** The input shapes the kept arrays were allocated for; null when nothing is kept. */
    private String keptFor;
    private boolean recording;
    private boolean diverged;
    private int next;

    /** Before a step; {@code inputShapes} names the shapes and types of every input of the step. */
    void beginStep(String inputShapes) {
        next = 0;
        diverged = false;
        recording = !inputShapes.equals(keptFor);
        if (recording) {
            freeKept();
            keptFor = inputShapes;
        }
    }

    /** Whether this step allocates and keeps its arrays (its inputs differ from the last kept step's). */
    boolean recording() {
        return recording;
    }

    /** Whether this step so far is handing out the kept arrays: the same inputs, the same requests. */
    boolean replaying() {
        return !recording && !diverged && keptFor != null;
    }

    /** After the step, once its outputs are copied out. */
    void endStep() {
        free(extra);
        extra.clear();
        if (diverged || next != kept.size()) {
            freeKept();
        }
    }

    /** Frees everything, after a step that failed part-way. */
    void reset() {
        free(extra);
        extra.clear();
        freeKept();
    }

    /** Arrays kept for the next step (for tests). */
    int keptCount() {
        return kept.size();
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        if (recording) {
            INDArray array = Nd4j.createUninitializedDetached(dataType, shape);
            kept.add(array);
            next++;
            return array;
        }
        if (!diverged && next < kept.size()) {
            INDArray array = kept.get(next);
            if (array.dataType() == dataType && Arrays.equals(array.shape(), shape)) {
                next++;
                return array;
            }
        }
        diverged = true;
        INDArray array = Nd4j.createUninitializedDetached(dataType, shape);
        extra.add(array);
        return array;
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            // An empty array has no data to reuse (DL4J's own memory managers create these the same way).
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.create(descriptor);
            }
        }
        return allocate(detached, descriptor.dataType(), descriptor.getShape());
    }

    @Override
    public void release(INDArray array) {
        // Kept for the next step, or freed when this one ends.
    }

    @Override
    public void close() {
        reset();
    }

    private void freeKept() {
        free(kept);
        kept = new ArrayList<>();
        keptFor = null;
    }

    private static void free(List<INDArray> arrays) {
        for (INDArray array : arrays) {
            if (array.closeable()) {
                array.close();
            }
        }
    }
}
