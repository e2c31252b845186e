package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStateTest {
    @Test
    void roundTripsEveryFieldIncludingWhetherTheBestWasEstimated() {
        TrainingState state = new TrainingState(2875, 2, 915, false, 1.6428, 1.6428, 431.5, true);
        TrainingState read = TrainingState.fromProperties(state.toProperties(), "state.properties");
        assertEquals(state, read);
        assertTrue(read.bestEstimated());
    }

    @Test
    void aStateSavedBeforeMidRunEstimatesReadsItsBestAsTheWholeSplits() {
        Properties old = new TrainingState(980, 0, 980, true, 1.83, 1.83, 144.5).toProperties();
        old.remove("bestEstimated"); // what checkpoints written before the key held
        TrainingState read = TrainingState.fromProperties(old, "state.properties");
        assertFalse(read.bestEstimated());
        assertEquals(1.83, read.bestValidationLoss());
    }

    @Test
    void aMalformedBestEstimatedIsRefusedAsDamage() {
        Properties damaged = new TrainingState(980, 0, 980, true, 1.83, 1.83, 144.5, true).toProperties();
        damaged.setProperty("bestEstimated", "yes");
        BadInputException e = assertThrows(BadInputException.class, () -> TrainingState.fromProperties(damaged, "state.properties"));
        assertTrue(e.template().contains("malformed 'bestEstimated' (yes)"), e.template());
    }
}
