package dev.chargpt.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;

import java.util.ArrayList;
import java.util.List;
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
 */
final class FixedGraphSession extends InferenceSession {
    private Set<String> walkedFor;
    private List<String> walkedVariables;
    private List<String> walkedOps;
    private int walks;

    FixedGraphSession(SameDiff graph) {
        super(graph);
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
