package dev.chargpt.model;

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

/** The session that walks a fixed graph's subgraph once per set of requested outputs. */
class FixedGraphSessionTest {
    @Test
    void walksOncePerRequestAndComputesWhatSameDiffComputes() {
        SameDiff graph = SameDiff.create();
        SDVariable x = graph.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w = graph.var("w", Nd4j.rand(DataType.DOUBLE, 3, 2));
        SDVariable y = x.mmul(w).add("y", 1.0);
        graph.math().exp(y).sum("z");
        FixedGraphSession session = new FixedGraphSession(graph);
        graph.getSessions().put(Thread.currentThread().getId(), session);

        for (int call = 0; call < 3; call++) {
            INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 3);
            INDArray expected = Transforms.exp(input.mmul(w.getArr()).add(1.0)).sum();
            assertEquals(expected.getDouble(0), graph.output(Map.of("x", input), "z").get("z").getDouble(0), 1e-12,
                    "z at call " + call);
        }
        assertEquals(1, session.walks(), "three calls for the same output, one walk");

        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3);
        assertTrue(input.mmul(w.getArr()).add(1.0).equalsWithEps(graph.output(Map.of("x", input), "y").get("y"), 1e-12),
                "another output is walked for, not answered from the first walk");
        assertEquals(2, session.walks());
    }
}
