package dev.chargpt.cli;

import org.junit.jupiter.api.Test;
import sun.misc.Signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class StopSignalsTest {

    @Test
    void aRealSigintOrSigtermBecomesAStopRequestWithTheShellsExitCode() throws InterruptedException {
        for (String name : new String[] {"INT", "TERM"}) {
            try (StopSignals signals = StopSignals.install()) {
                assertNull(signals.pending());
                Signal.raise(new Signal(name));
                for (int i = 0; i < 200 && signals.pending() == null; i++) {
                    Thread.sleep(10); // the JVM delivers signals on a thread of its own
                }
                assertNotNull(signals.pending(), name);
                assertEquals(name.equals("INT") ? 130 : 143, signals.pending().exitCode());
                String message = StopSignals.message(signals.pending());
                if (name.equals("TERM")) {
                    // docker stop and kill send SIGTERM: no keyboard, so no Ctrl-C in the answer
                    assertEquals("chargpt: SIGTERM: saving after this step; send SIGTERM again to quit at once", message);
                } else {
                    assertEquals("chargpt: Ctrl-C (SIGINT): saving after this step; press Ctrl-C again to quit at once", message);
                }
            }
        }
    }
}
