package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadEnvironmentTest {

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "-1", "1.5", "", "99999999999"})
    void aValueThatIsNotAThreadCountIsRefusedBeforeNd4jLoads(String value) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ThreadEnvironment(Map.of("OMP_NUM_THREADS", value)).check());

        assertEquals("OMP_NUM_THREADS='" + value + "' is not a positive integer; unset it (chargpt then uses 1)"
                + " or set it to a thread count, e.g. OMP_NUM_THREADS=1", e.getMessage());
    }

    @Test
    void threadCountsAndUnsetVariablesPass() {
        new ThreadEnvironment(Map.of("OMP_NUM_THREADS", "2", "OPENBLAS_NUM_THREADS", " 1 ")).check();
        new ThreadEnvironment(Map.of()).check();
    }

    @Test
    void sourceTellsEnvironmentFromLauncherDefaultFromUnset() {
        ThreadEnvironment environment = new ThreadEnvironment(Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "4",
                ThreadEnvironment.LAUNCHER_MARKER, "OMP_NUM_THREADS"));

        assertEquals("OMP_NUM_THREADS=1: chargpt's default, set by the ./chargpt launcher", environment.source("OMP_NUM_THREADS"));
        assertEquals("OPENBLAS_NUM_THREADS=4: from the environment", environment.source("OPENBLAS_NUM_THREADS"));
        assertEquals("OMP_NUM_THREADS unset (./chargpt sets 1 when unset: the native libraries read it once, when they load)",
                new ThreadEnvironment(Map.of()).source("OMP_NUM_THREADS"));
    }

    @Test
    void kernelSourceTellsLauncherChoiceFromEnvironmentFromUnset() {
        assertEquals("OPENBLAS_CORETYPE=SkylakeX: chosen by the ./chargpt launcher from the CPU's flags",
                new ThreadEnvironment(Map.of("OPENBLAS_CORETYPE", "SkylakeX",
                        ThreadEnvironment.LAUNCHER_MARKER, "OMP_NUM_THREADS OPENBLAS_CORETYPE")).kernelSource());
        assertEquals("OPENBLAS_CORETYPE=Haswell: from the environment",
                new ThreadEnvironment(Map.of("OPENBLAS_CORETYPE", "Haswell", ThreadEnvironment.LAUNCHER_MARKER, "OMP_NUM_THREADS"))
                        .kernelSource());
        assertTrue(new ThreadEnvironment(Map.of()).kernelSource().startsWith("OPENBLAS_CORETYPE unset: OpenBLAS detects the CPU itself"));
    }
}
