package dev.chargpt.step;

import dev.chargpt.dl4j.Dl4jInternals;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SameDiff's inference session for a graph whose structure no longer changes, asked for the same
 * outputs every step: it works out the subgraph those outputs need once, not on every call.
 *
 * <p>Why: M2.1's {@code AbstractSession.output} recomputes that subgraph from scratch on every call
 * (its own comment says "TODO ... cache the results"), a breadth-first walk over every op of the
 * step that strips each name's suffix with a freshly compiled regular expression and looks names up
 * in a Patricia trie. On cpu-small that walk was the largest single part of SameDiff's own Java work
 * per step. The walk only fills the {@code subgraph}, {@code subgraphOps} and
 * {@code zeroInputOpsInSubgraph} sets, from the graph's structure and the requested names alone, so
 * its result for the same names is the same every time; it is replayed in the same order.
 *
 * <p>Likewise the output shapes of each custom op: before every op the session asks libnd4j for
 * them ({@code DynamicCustomOp.calculateOutputShape}, a native call with the op's inputs and
 * arguments), 3% of a cpu-small step. While {@link StepArrays} hands out the arrays of a step with
 * the same input shapes, each op's outputs have the shapes they had when those arrays were recorded;
 * the op is given them for the call through its own cache of output shapes (a private field that
 * M2.1 reads first and otherwise leaves empty), and the cache is emptied again straight after.
 */
final class FixedGraphSession extends InferenceSession {
    private final StepArrays arrays;
    /**
     * Per custom op, the shapes of its outputs in the step {@link #arrays} last recorded: every such
     * step runs every op of the fixed graph, and each one's entry is replaced or removed then.
     */
    private final Map<String, List<LongShapeDescriptor>> outputShapes = new HashMap<>();
    private Set<String> walkedFor;
    private List<String> walkedVariables;
    private List<String> walkedOps;
    private int walks;

    FixedGraphSession(SameDiff graph, StepArrays arrays) {
        super(graph);
        this.arrays = arrays;
        setMmgr(arrays);
    }

    @Override
    public Pair<SameDiffOp, OpContext> getAndParameterizeOp(String opName, FrameIter frameIter, Set<VarId> opInputs,
                                                           Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                                           Map<String, INDArray> placeholderValues, Set<String> allReqVariables,
                                                           Map<String, SDValue> otherPlaceholders) {
        DifferentialFunction op = sameDiff.getOps().get(opName).getOp();
        List<LongShapeDescriptor> known = arrays.replaying() && op instanceof DynamicCustomOp ? outputShapes.get(opName) : null;
        if (known != null) {
            Dl4jInternals.CUSTOM_OP_OUTPUT_SHAPES.set(op, known);
        }
        try {
            Pair<SameDiffOp, OpContext> parameterized = super.getAndParameterizeOp(opName, frameIter, opInputs, allIterInputs,
                    constAndPhInputs, placeholderValues, allReqVariables, otherPlaceholders);
            if (arrays.recording() && op instanceof DynamicCustomOp && parameterized.getSecond() != null) {
                remember(opName, parameterized.getSecond().getOutputArrays());
            }
            return parameterized;
        } finally {
            if (known != null) {
                Dl4jInternals.CUSTOM_OP_OUTPUT_SHAPES.set(op, null);
            }
        }
    }

    private void remember(String opName, List<INDArray> outputs) {
        List<LongShapeDescriptor> shapes = new ArrayList<>(outputs.size());
        for (INDArray output : outputs) {
            if (output == null || output.isEmpty()) {
                outputShapes.remove(opName); // empty arrays have shapes of their own kind: such an op keeps asking libnd4j
                return;
            }
            shapes.add(LongShapeDescriptor.fromShape(output.shape(), output.dataType()));
        }
        outputShapes.put(opName, shapes);
    }

    @Override
    protected void initSubgraph(Set<String> variables) {
        if (variables.equals(walkedFor)) {
            // output() cleared these two before calling; zeroInputOpsInSubgraph it never clears.
            subgraph.addAll(walkedVariables);
            subgraphOps.addAll(walkedOps);
            return;
        }
        super.initSubgraph(variables);
        walks++;
        walkedFor = Set.copyOf(variables);
        walkedVariables = new ArrayList<>(subgraph);
        walkedOps = new ArrayList<>(subgraphOps);
    }

    /** How many times the subgraph was worked out (for tests). */
    int walks() {
        return walks;
    }
}
