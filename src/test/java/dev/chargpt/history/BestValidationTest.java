package dev.chargpt.history;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class BestValidationTest {

    private static LossRecord step(long step, double trainLoss) {
        return new LossRecord(step, 0, trainLoss, Double.NaN, 6e-4, step);
    }

    private static LossRecord validation(long step, double validationLoss) {
        return new LossRecord(step, 1, Double.NaN, validationLoss, 6e-4, step);
    }

    @Test
    void isTheRowWithTheLowestValidationLoss() {
        LossRecord best = validation(200, 1.4697);
        List<LossRecord> rows = List.of(step(1, 1.0), validation(100, 2.1), best, step(250, 0.9), validation(300, 1.52));

        assertSame(best, BestValidation.of(rows).orElseThrow());
    }

    @Test
    void aTrainingLossHoweverLowIsNotAValidationLoss() {
        assertEquals(Optional.empty(), BestValidation.of(List.of(step(1, 0.5), step(2, 0.4))));
        assertEquals(Optional.empty(), BestValidation.of(List.of()));
    }

    @Test
    void theEarliestRowWinsATieAsTheBestCheckpointDoes() {
        LossRecord first = validation(100, 1.5);
        List<LossRecord> rows = List.of(validation(50, 2.0), first, validation(200, 1.5));

        assertSame(first, BestValidation.of(rows).orElseThrow());
    }

    @Test
    void unmeasuredAndInfiniteLossesAreNotCandidates() {
        LossRecord measured = validation(300, 2.5);
        List<LossRecord> rows = List.of(validation(100, Double.NEGATIVE_INFINITY), validation(200, Double.NaN), measured);

        assertSame(measured, BestValidation.of(rows).orElseThrow());
    }
}
