package dev.chargpt.config;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's native code may use.
 *
 * <p>ND4J starts one OpenMP thread and one OpenBLAS thread per core by default, and the two pools
 * compete: on 2 cores a cpu-small step took 459 ms that way and 145 ms with one thread each
 * (see docs/performance.md, "Threads"). The default here is one thread each unless the user set OMP_NUM_THREADS or
 * OPENBLAS_NUM_THREADS, which win. The launcher and the Docker image export the variables, and
 * they are what really counts: the native libraries read them once when they load, and measured
 * here, the runtime setter below cannot lower ND4J's OpenMP pool once it has started (a bare
 * {@code java -jar} without the variables keeps ND4J's default; {@code info} shows it).
 */
public final class ThreadSettings {
    public static final int DEFAULT_THREADS = 1;

    private ThreadSettings() {
    }

    public static void applyDefaults() {
        int omp = fromEnvironment("OMP_NUM_THREADS");
        int blas = fromEnvironment("OPENBLAS_NUM_THREADS");
        Nd4j.getEnvironment().setMaxThreads(omp);
        Nd4j.getEnvironment().setMaxMasterThreads(omp);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    static int fromEnvironment(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return DEFAULT_THREADS;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            return threads >= 1 ? threads : DEFAULT_THREADS;
        } catch (NumberFormatException e) {
            return DEFAULT_THREADS;
        }
    }

    public static String describe() {
        return "OpenMP threads " + Nd4j.getEnvironment().maxThreads() + ", BLAS threads "
                + Nd4j.factory().blas().getMaxThreads();
    }
}
