package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ThreadSettings;

import java.util.List;
import java.util.Map;

/**
 * The environment variables that size ND4J's thread pools. The native libraries read them once,
 * when ND4J loads, and a value that is not a number makes that load fail with a bare
 * NumberFormatException deep inside ND4J; so they are checked before ND4J loads.
 */
final class ThreadEnvironment {

    static final List<String> VARIABLES = List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS");

    /** OpenBLAS's kernel family; the launcher chooses one from the CPU's flags when unset. */
    static final String KERNEL_VARIABLE = "OPENBLAS_CORETYPE";

    /** Set by the launcher to the variables it exported itself because they were unset. */
    static final String LAUNCHER_MARKER = "CHARGPT_LAUNCHER_THREADS";

    private final Map<String, String> environment;

    ThreadEnvironment(Map<String, String> environment) {
        this.environment = environment;
    }

    static ThreadEnvironment current() {
        return new ThreadEnvironment(System.getenv());
    }

    /** @throws BadInputException if a variable is set to anything but a positive integer */
    void check() {
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !isPositiveInteger(value)) {
                throw new BadInputException(variable + "='" + value + "' is not a positive integer; unset it (chargpt then"
                        + " uses " + ThreadSettings.DEFAULT_THREADS + ") or set it to a thread count, e.g. "
                        + variable + "=" + ThreadSettings.DEFAULT_THREADS);
            }
        }
    }

    /**
     * Where a variable's value came from: the environment, the launcher's default, or nowhere.
     * (The thread counts in effect are ND4J's to report: with OMP_NUM_THREADS unset, ND4J 1.0.0-M2.1
     * starts one OpenMP thread per core and does not lower that count later.)
     */
    String source(String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return variable + " unset (./chargpt sets " + ThreadSettings.DEFAULT_THREADS
                    + " when unset: the native libraries read it once, when they load)";
        }
        if (setByLauncher(variable)) {
            return variable + "=" + value + ": chargpt's default, set by the ./chargpt launcher";
        }
        return variable + "=" + value + ": from the environment";
    }

    /** Where OpenBLAS's kernel choice came from. */
    String kernelSource() {
        String value = environment.get(KERNEL_VARIABLE);
        if (value == null || value.isBlank()) {
            return KERNEL_VARIABLE + " unset: OpenBLAS detects the CPU itself (./chargpt sets it on CPUs with AVX2 or"
                    + " AVX-512, which OpenBLAS 0.3.19 may not recognise and then runs generic kernels)";
        }
        if (setByLauncher(KERNEL_VARIABLE)) {
            return KERNEL_VARIABLE + "=" + value + ": chosen by the ./chargpt launcher from the CPU's flags";
        }
        return KERNEL_VARIABLE + "=" + value + ": from the environment";
    }

    private boolean setByLauncher(String variable) {
        String marker = environment.getOrDefault(LAUNCHER_MARKER, "");
        return List.of(marker.trim().split("[\\s,]+")).contains(variable);
    }

    private static boolean isPositiveInteger(String value) {
        return value.trim().matches("0*[1-9][0-9]{0,8}");
    }
}
