package dev.chargpt.step;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session that walks a fixed graph's subgraph once per set of requested outputs and replays
 * each custom op's output shapes while {@link StepArrays} replays the step's arrays.
 */
class FixedGraphSessionTest {
    @Test
    void walksOncePerRequestAndComputesWhatSameDiffComputesForEveryInputShape() {
        SameDiff graph = SameDiff.create();
        SDVariable x = graph.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w = graph.var("w", Nd4j.rand(DataType.DOUBLE, 3, 2));
        SDVariable y = x.mmul(w).add("y", 1.0);
        graph.math().exp(y).sum("z", 1); // a custom op whose output shape follows the batch
        StepArrays arrays = new StepArrays();
        FixedGraphSession session = new FixedGraphSession(graph, arrays);
        graph.getSessions().put(Thread.currentThread().getId(), session);

        // 4, 4, 4 (recorded, then replayed with the remembered shapes), 2 (recorded anew), 2, then 4 again
        int[] rows = {4, 4, 4, 2, 2, 4};
        for (int call = 0; call < rows.length; call++) {
            INDArray input = Nd4j.rand(DataType.DOUBLE, rows[call], 3);
            INDArray expected = Transforms.exp(input.mmul(w.getArr()).add(1.0)).sum(1);
            arrays.beginStep("x" + java.util.Arrays.toString(input.shape()));
            boolean replaying = arrays.replaying();
            INDArray z = graph.output(Map.of("x", input), "z").get("z");
            assertTrue(expected.equalsWithEps(z, 1e-12), "z at call " + call + " (" + rows[call] + " rows)");
            assertEquals(replaying, arrays.replaying(), "the step's requests matched what was kept: " + call);
            arrays.endStep();
        }
        assertEquals(1, session.walks(), "one walk for the same output, whatever the shapes");

        arrays.beginStep("x[2, 3]");
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3);
        assertTrue(input.mmul(w.getArr()).add(1.0).equalsWithEps(graph.output(Map.of("x", input), "y").get("y"), 1e-12),
                "another output is walked for, not answered from the first walk");
        arrays.endStep();
        assertEquals(2, session.walks());
    }
}
