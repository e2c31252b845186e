package dev.chargpt.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightAverageTest {
    @Test
    void followsTheWeightsCloselyEarlyThenWithItsOwnDecay() {
        INDArray weights = Nd4j.createFromArray(1.0, -2.0);
        WeightAverage average = WeightAverage.startingAt(weights, 0.9);
        weights.assign(Nd4j.createFromArray(3.0, 0.0));
        double[] expected = {1.0, -2.0};
        double[] current = {3.0, 0.0};
        for (long step = 1; step <= 40; step++) {
            current[0] += 0.5;
            current[1] -= 0.25;
            weights.assign(Nd4j.createFromArray(current));
            average.update(weights, step);
            // d = min(0.9, (1 + s) / (10 + s)): 2/11 at step 1, 0.9 from step 80 on
            double d = Math.min(0.9, (1.0 + step) / (10.0 + step));
            for (int i = 0; i < 2; i++) {
                expected[i] = d * expected[i] + (1 - d) * current[i];
            }
            assertArrayEquals(expected, average.weights().toDoubleVector(), 1e-12, "step " + step);
        }
    }

    @Test
    void stepsSeenOnlyAtTheirEndStillDecayOncePerStep() {
        INDArray start = Nd4j.createFromArray(1.0, -2.0);
        INDArray seen = Nd4j.createFromArray(5.0, 4.0);
        WeightAverage byCall = WeightAverage.startingAt(start, 0.99);
        byCall.update(seen, 101, 150); // one call of 50 steps
        double kept = 1;
        for (long step = 101; step <= 150; step++) {
            kept *= Math.min(0.99, (1.0 + step) / (10.0 + step));
        }
        assertArrayEquals(new double[]{kept * 1.0 + (1 - kept) * 5.0, kept * -2.0 + (1 - kept) * 4.0},
                byCall.weights().toDoubleVector(), 1e-12);
        // one step per call is the one-step update, bit for bit
        WeightAverage single = WeightAverage.startingAt(start, 0.99);
        WeightAverage range = WeightAverage.startingAt(start, 0.99);
        single.update(seen, 7);
        range.update(seen, 7, 7);
        assertArrayEquals(single.weights().toDoubleVector(), range.weights().toDoubleVector(), 0.0);
    }

    @Test
    void keepsItsOwnCopyOfTheStartingWeights() {
        INDArray weights = Nd4j.createFromArray(new float[]{1f, 2f});
        WeightAverage average = WeightAverage.startingAt(weights, 0.5);
        weights.assign(7f);
        assertArrayEquals(new float[]{1f, 2f}, average.weights().toFloatVector());
        assertArrayEquals(new float[]{1f, 2f}, WeightAverage.resumed(Nd4j.createFromArray(new float[]{1f, 2f}), 0.5)
                .weights().castTo(DataType.FLOAT).toFloatVector());
    }

    @Test
    void refusesADecayOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.startingAt(Nd4j.zeros(2), 1.0));
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.startingAt(Nd4j.zeros(2), 0.0));
    }
}
