package dev.chargpt.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class WarmupStableDecayScheduleTest {
    // peak 1e-2, floor 0, warmup 4 steps, 100 planned steps, the last 20 decaying
    private final WarmupStableDecaySchedule schedule = new WarmupStableDecaySchedule(1e-2, 0, 4, 100, 20);

    @Test
    void warmsUpAsTheCosineScheduleDoes() {
        WarmupCosineSchedule cosine = new WarmupCosineSchedule(1e-2, 0, 4, 100);
        for (int step = 0; step < 4; step++) {
            assertEquals(cosine.valueAt(step, 0), schedule.valueAt(step, 0), 0.0, "step " + step);
        }
    }

    @Test
    void holdsThePeakUntilTheCooldown() {
        for (int step = 4; step < 80; step++) {
            assertEquals(1e-2, schedule.valueAt(step, 0), 0.0, "step " + step);
        }
    }

    @Test
    void decaysLinearlyToTheFloorOverTheLastCooldownSteps() {
        // the cooldown's first step is just below the peak, its last just above the floor
        assertEquals(1e-2 * 20 / 21, schedule.valueAt(80, 0), 1e-15);
        assertEquals(1e-2 * 10 / 21, schedule.valueAt(90, 0), 1e-15);
        assertEquals(1e-2 * 1 / 21, schedule.valueAt(99, 0), 1e-15);
        for (int step = 81; step < 100; step++) {
            assertEquals(schedule.valueAt(step - 1, 0) - 1e-2 / 21, schedule.valueAt(step, 0), 1e-15, "a straight line");
        }
        assertEquals(0, schedule.valueAt(100, 0), 0.0);
        assertEquals(0, schedule.valueAt(500, 0), 0.0);
    }

    @Test
    void decaysToAFloorAboveZero() {
        WarmupStableDecaySchedule floored = new WarmupStableDecaySchedule(1e-2, 1e-3, 0, 10, 9);
        assertEquals(1e-2, floored.valueAt(0, 0), 0.0);
        assertEquals(1e-3 + 9e-3 * 5 / 10, floored.valueAt(5, 0), 1e-15);
        assertEquals(1e-3, floored.valueAt(10, 0), 0.0);
    }

    @Test
    void cooldownIsAFractionOfTheRunAndAtLeastOneStep() {
        assertEquals(882, WarmupStableDecaySchedule.cooldownSteps(2940, 0.3));
        assertEquals(1, WarmupStableDecaySchedule.cooldownSteps(3, 0.1));
    }

    @Test
    void equalsByValueAsDl4jsUpdaterBlocksNeed() {
        assertEquals(schedule, schedule.clone());
        assertEquals(schedule.hashCode(), schedule.clone().hashCode());
        assertNotEquals(schedule, new WarmupStableDecaySchedule(1e-2, 0, 4, 100, 21));
    }
}
