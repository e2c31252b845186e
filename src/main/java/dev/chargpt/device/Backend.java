package dev.chargpt.device;

/**
 * Which ND4J backend this build of chargpt carries: the Maven profile {@code cpu} (default) puts
 * {@code nd4j-native} on the classpath, {@code cuda} puts {@code nd4j-cuda-11.6}.
 */
public enum Backend {
    CPU("CPU", "org.nd4j.linalg.cpu.nativecpu.CpuBackend"),
    CUDA("CUDA", "org.nd4j.linalg.jcublas.JCublasBackend");

    private final String displayName;
    private final String backendClass;

    Backend(String displayName, String backendClass) {
        this.displayName = displayName;
        this.backendClass = backendClass;
    }

    public String displayName() {
        return displayName;
    }

    /** The ND4J backend class; ND4J finds it through ServiceLoader and prefers CUDA when both are present. */
    public String backendClass() {
        return backendClass;
    }

    /**
     * The backend of this build, decided by which backend class is on the classpath. The class is
     * looked up without being initialised, so nothing native loads and ND4J does not start: this is
     * safe to call before checking the GPU.
     */
    public static Backend ofThisBuild() {
        return ofClasspath(Backend.class.getClassLoader());
    }

    static Backend ofClasspath(ClassLoader loader) {
        return isPresent(CUDA.backendClass(), loader) ? CUDA : CPU;
    }

    static boolean isPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
