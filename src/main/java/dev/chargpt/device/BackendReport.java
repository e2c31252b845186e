package dev.chargpt.device;

import dev.chargpt.config.ThreadSettings;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The lines {@code chargpt info} prints and {@code chargpt train} logs at its start: the backend in
 * use and the device it runs on.
 *
 * <p>On the CUDA build the GPU check runs first; when it fails, ND4J is not started (its CUDA
 * backend may crash natively on an unsupported GPU) and the lines show what was found and why it
 * cannot be used. Otherwise ND4J starts and the lines come from its environment information.
 */
public final class BackendReport {
    // Keys of OpExecutioner.getEnvironmentInformation(), as CudaExecutioner and JCublasBackend
    // (nd4j-cuda-11.6 1.0.0-M2.1) write and read them.
    static final String BACKEND = "backend";
    static final String CORES = "cores";
    static final String BLAS_VENDOR = "blas.vendor";
    static final String CUDA_DEVICES = "cuda.devicesInformation";
    static final String CUDA_NAME = "cuda.deviceName";
    static final String CUDA_MAJOR = "cuda.deviceMajor";
    static final String CUDA_MINOR = "cuda.deviceMinor";
    static final String CUDA_TOTAL = "cuda.totalMemory";
    static final String CUDA_FREE = "cuda.freeMemory";

    private BackendReport() {
    }

    public static List<String> lines() {
        Backend build = Backend.ofThisBuild();
        DeviceFacts facts = DeviceCheck.facts();
        DeviceVerdict verdict = GpuSupport.judge(facts);
        List<String> lines = new ArrayList<>();
        if (build == Backend.CUDA && !verdict.usable() && !DeviceCheck.skipRequested(System.getenv(DeviceCheck.SKIP_VARIABLE))) {
            lines.add("backend: CUDA build (" + nd4jVersion() + "); ND4J not started, the GPU check failed");
            facts.gpus().forEach(g -> lines.add(g.describe()));
            lines.add(driverLine(facts));
            lines.add("GPU check: " + verdict.message());
            return lines;
        }
        Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
        lines.add("backend: " + environment.getOrDefault(BACKEND, build.displayName()) + " (" + nd4jVersion() + ", "
                + Nd4j.getBackend().getClass().getSimpleName() + ")");
        if (build == Backend.CUDA) {
            List<String> devices = cudaDeviceLines(environment);
            if (devices.isEmpty()) {
                facts.gpus().forEach(g -> devices.add(g.describe()));
            }
            lines.addAll(devices);
            lines.add(driverLine(facts));
            lines.add("GPU check: " + verdict.message());
        } else {
            lines.add("CPU: " + environment.getOrDefault(CORES, Runtime.getRuntime().availableProcessors()) + " cores, BLAS "
                    + environment.getOrDefault(BLAS_VENDOR, "unknown") + ", " + ThreadSettings.describe());
            lines.add("memory: JVM heap up to " + GpuDevice.gib(Runtime.getRuntime().maxMemory())
                    + ", ND4J off-heap up to " + GpuDevice.gib(Pointer.maxBytes())
                    + ", physical " + GpuDevice.gib(Pointer.totalPhysicalBytes()));
            List<GpuDevice> present = NvidiaSmi.gpus();
            if (!present.isEmpty()) {
                lines.add("note: an NVIDIA GPU is present (" + present.get(0).name() + ", compute capability "
                        + present.get(0).capability() + "), but this is the CPU build; see docs/gpu-and-docker.md for the CUDA build");
            }
        }
        lines.add("data type: " + Nd4j.dataType() + " (32-bit floating point for weights, activations and optimizer state)");
        return lines;
    }

    /** One line per GPU from the CUDA backend's environment information; empty if it has none. */
    static List<String> cudaDeviceLines(Properties environment) {
        List<String> lines = new ArrayList<>();
        if (!(environment.get(CUDA_DEVICES) instanceof List<?> devices)) {
            return lines;
        }
        for (int i = 0; i < devices.size(); i++) {
            if (!(devices.get(i) instanceof Map<?, ?> device)) {
                continue;
            }
            String line = "GPU " + i + ": " + device.get(CUDA_NAME) + ", compute capability "
                    + number(device.get(CUDA_MAJOR)).map(n -> String.valueOf(n.intValue())).orElse("?") + "."
                    + number(device.get(CUDA_MINOR)).map(n -> String.valueOf(n.intValue())).orElse("?");
            Optional<Number> total = number(device.get(CUDA_TOTAL));
            Optional<Number> free = number(device.get(CUDA_FREE));
            if (total.isPresent()) {
                line += ", " + GpuDevice.gib(total.get().longValue()) + free.map(f -> " (" + GpuDevice.gib(f.longValue()) + " free)").orElse("");
            }
            lines.add(line);
        }
        return lines;
    }

    static String driverLine(DeviceFacts facts) {
        return "NVIDIA driver: " + facts.driver().map(NvidiaDriver::describe).orElse("not found");
    }

    private static Optional<Number> number(Object value) {
        return value instanceof Number n ? Optional.of(n) : Optional.empty();
    }

    /** {@code ND4J 1.0.0-M2.1}, from the nd4j-api jar's Maven metadata (kept in the shaded jar). */
    static String nd4jVersion() {
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return "ND4J " + p.getProperty("version", "unknown version");
            }
        } catch (IOException e) {
            // fall through
        }
        return "ND4J unknown version";
    }
}
