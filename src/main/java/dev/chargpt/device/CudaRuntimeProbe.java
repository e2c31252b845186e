package dev.chargpt.device;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks the CUDA runtime (JavaCPP's {@code org.bytedeco.cuda.global.cudart}, in the jar of the
 * CUDA build only, hence reflection) which GPUs this process can see, before ND4J's CUDA backend
 * starts. It calls only {@code cudaDriverGetVersion}, {@code cudaGetDeviceCount} and
 * {@code cudaGetDeviceProperties}: no kernel runs, so this is safe on a GPU the backend cannot run
 * on. It sees what ND4J would see ({@code CUDA_VISIBLE_DEVICES} and {@code CUDA_DEVICE_ORDER}
 * apply), which nvidia-smi does not.
 */
final class CudaRuntimeProbe {
    static final String CUDART = "org.bytedeco.cuda.global.cudart";
    static final String DEVICE_PROP = "org.bytedeco.cuda.cudart.cudaDeviceProp";
    private static final int CUDA_SUCCESS = 0;
    private static final int CUDA_ERROR_NO_DEVICE = 100;

    /**
     * @param driverLibraryMissing libcuda.so.1 (part of the NVIDIA driver) could not be loaded
     * @param driverCudaVersion    {@code cudaDriverGetVersion}, 0 when unknown
     * @param gpus                 the visible GPUs
     * @param problem              why the GPUs could not be listed, for any other failure
     */
    record Result(boolean driverLibraryMissing, int driverCudaVersion, List<GpuDevice> gpus, Optional<String> problem) {
        static Result failed(String why) {
            return new Result(false, 0, List.of(), Optional.of(why));
        }
    }

    private CudaRuntimeProbe() {
    }

    static Result probe() {
        Class<?> cudart;
        try {
            cudart = Class.forName(CUDART, true, CudaRuntimeProbe.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Result.failed("the CUDA runtime bindings (" + CUDART + ") are not in this build");
        } catch (LinkageError e) {
            // JavaCPP loads libjnicudart.so, which links libcuda.so.1 from the driver.
            String message = String.valueOf(rootCause(e).getMessage());
            if (message.contains("libcuda.so")) {
                return new Result(true, 0, List.of(), Optional.of("libcuda.so.1 cannot be loaded"));
            }
            return Result.failed("the CUDA runtime did not load: " + oneLine(message));
        }
        try {
            return listDevices(cudart);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Result.failed("asking the CUDA runtime failed: " + oneLine(String.valueOf(rootCause(e))));
        }
    }

    private static Result listDevices(Class<?> cudart) throws ReflectiveOperationException {
        int[] value = new int[1];
        int driverVersion = 0;
        if ((int) cudart.getMethod("cudaDriverGetVersion", int[].class).invoke(null, (Object) value) == CUDA_SUCCESS) {
            driverVersion = value[0];
        }
        int rc = (int) cudart.getMethod("cudaGetDeviceCount", int[].class).invoke(null, (Object) value);
        if (rc == CUDA_ERROR_NO_DEVICE) {
            return new Result(false, driverVersion, List.of(), Optional.empty());
        }
        if (rc != CUDA_SUCCESS) {
            return new Result(false, driverVersion, List.of(), Optional.of("cudaGetDeviceCount: " + errorText(cudart, rc)));
        }
        int count = value[0];
        Class<?> propClass = Class.forName(DEVICE_PROP, true, cudart.getClassLoader());
        Method properties = cudart.getMethod("cudaGetDeviceProperties", propClass, int.class);
        List<GpuDevice> gpus = new ArrayList<>();
        for (int device = 0; device < count; device++) {
            Object prop = propClass.getConstructor().newInstance();
            try {
                int propRc = (int) properties.invoke(null, prop, device);
                if (propRc != CUDA_SUCCESS) {
                    return new Result(false, driverVersion, gpus, Optional.of("cudaGetDeviceProperties(" + device + "): " + errorText(cudart, propRc)));
                }
                String name = ((BytePointer) propClass.getMethod("name").invoke(prop)).getString().trim();
                int major = (int) propClass.getMethod("major").invoke(prop);
                int minor = (int) propClass.getMethod("minor").invoke(prop);
                long memory = (long) propClass.getMethod("totalGlobalMem").invoke(prop);
                gpus.add(new GpuDevice(device, name, new ComputeCapability(major, minor), memory));
            } finally {
                ((Pointer) prop).close();
            }
        }
        return new Result(false, driverVersion, gpus, Optional.empty());
    }

    private static String errorText(Class<?> cudart, int rc) {
        try {
            BytePointer text = (BytePointer) cudart.getMethod("cudaGetErrorString", int.class).invoke(null, rc);
            return "CUDA error " + rc + " (" + text.getString() + ")";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "CUDA error " + rc;
        }
    }

    static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause instanceof InvocationTargetException ite && ite.getCause() != null) {
            cause = ite.getCause();
        }
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String oneLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
