package dev.chargpt.step;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step's arrays: kept from the first step, handed out again for the same inputs, never mixed up. */
class StepArraysTest {
    @Test
    void theSameInputsGetTheSameArraysInTheSameOrder() {
        StepArrays arrays = new StepArrays();
        arrays.beginStep("ids[8, 64]");
        INDArray first = arrays.allocate(false, DataType.FLOAT, 8, 64, 128);
        INDArray second = arrays.allocate(true, DataType.LONG, 2);
        arrays.endStep();
        assertFalse(first.isAttached(), "detached: no workspace checks, no workspace resets");
        for (int step = 0; step < 3; step++) {
            arrays.beginStep("ids[8, 64]");
            assertSame(first, arrays.allocate(false, DataType.FLOAT, 8, 64, 128));
            assertSame(second, arrays.allocate(true, DataType.LONG, 2));
            arrays.endStep();
        }
        assertEquals(2, arrays.keptCount());
    }

    @Test
    void aRequestThatDiffersGetsItsOwnArrayFreedAtTheEndAndTheNextStepRecordsAnew() {
        StepArrays arrays = new StepArrays();
        arrays.beginStep("ids[8, 64]");
        INDArray first = arrays.allocate(false, DataType.FLOAT, 4, 3);
        INDArray second = arrays.allocate(false, DataType.FLOAT, 4, 3);
        arrays.endStep();

        arrays.beginStep("ids[8, 64]");
        assertSame(first, arrays.allocate(false, DataType.FLOAT, 4, 3));
        INDArray other = arrays.allocate(false, DataType.DOUBLE, 4, 3);
        assertNotSame(second, other);
        assertEquals(DataType.DOUBLE, other.dataType());
        INDArray afterDivergence = arrays.allocate(false, DataType.FLOAT, 4, 3);
        assertNotSame(second, afterDivergence, "nothing kept is handed out once the order is broken");
        arrays.endStep();
        assertTrue(other.wasClosed() && afterDivergence.wasClosed(), "the step's own arrays are freed when it ends");
        assertTrue(first.wasClosed() && second.wasClosed(), "and the kept ones, which no longer fit the step");
        assertEquals(0, arrays.keptCount());

        arrays.beginStep("ids[8, 64]");
        INDArray recorded = arrays.allocate(false, DataType.FLOAT, 4, 3);
        arrays.endStep();
        arrays.beginStep("ids[8, 64]");
        assertSame(recorded, arrays.allocate(false, DataType.FLOAT, 4, 3));
        arrays.endStep();
    }

    @Test
    void otherInputShapesRecordAnewAndFreeWhatWasKept() {
        StepArrays arrays = new StepArrays();
        arrays.beginStep("ids[8, 64]");
        INDArray eight = arrays.allocate(false, DataType.FLOAT, 8, 64);
        arrays.endStep();
        arrays.beginStep("ids[5, 64]");
        assertTrue(eight.wasClosed());
        INDArray five = arrays.allocate(false, DataType.FLOAT, 5, 64);
        assertArrayEquals(new long[]{5, 64}, five.shape());
        arrays.endStep();
        assertEquals(1, arrays.keptCount());
        arrays.reset();
        assertTrue(five.wasClosed(), "reset, after a failed step, frees everything");
        assertEquals(0, arrays.keptCount());
    }

    @Test
    void fewerRequestsThanRecordedRecordAnew() {
        StepArrays arrays = new StepArrays();
        arrays.beginStep("x");
        INDArray first = arrays.allocate(false, DataType.FLOAT, 2);
        arrays.allocate(false, DataType.FLOAT, 3);
        arrays.endStep();
        arrays.beginStep("x");
        assertSame(first, arrays.allocate(false, DataType.FLOAT, 2));
        arrays.endStep();
        assertEquals(0, arrays.keptCount(), "a step that asked for less than was kept does not match it");
    }
}
