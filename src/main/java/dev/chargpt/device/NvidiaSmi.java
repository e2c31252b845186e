package dev.chargpt.device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code nvidia-smi} (installed with the NVIDIA driver, and mounted into containers run with
 * {@code --gpus}) says. It lists every GPU of the machine, ignoring {@code CUDA_VISIBLE_DEVICES};
 * chargpt uses it for the driver release when {@code /proc/driver/nvidia/version} is missing, and
 * to mention a GPU in {@code chargpt info} on the CPU build.
 */
final class NvidiaSmi {
    static final String GPU_QUERY = "--query-gpu=index,name,compute_cap,memory.total";
    private static final long TIMEOUT_SECONDS = 15;

    private NvidiaSmi() {
    }

    /** The driver release, or empty when nvidia-smi is missing or fails. */
    static Optional<String> driverRelease() {
        return run("--query-gpu=driver_version", "--format=csv,noheader")
                .flatMap(out -> out.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst());
    }

    /** Every GPU, or an empty list when nvidia-smi is missing, fails, or predates the compute_cap field. */
    static List<GpuDevice> gpus() {
        return run(GPU_QUERY, "--format=csv,noheader,nounits").map(NvidiaSmi::parseGpus).orElse(List.of());
    }

    /**
     * Parses lines like {@code 0, NVIDIA A100-SXM4-40GB, 8.0, 40960} (memory in MiB). Lines that do
     * not parse (an "[N/A]" capability, an error message) are skipped.
     */
    static List<GpuDevice> parseGpus(String output) {
        List<GpuDevice> gpus = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] fields = line.split(",");
            if (fields.length < 4) {
                continue;
            }
            int last = fields.length - 1;
            String name = String.join(",", Arrays.copyOfRange(fields, 1, last - 1)).trim();
            Optional<ComputeCapability> capability = ComputeCapability.parse(fields[last - 1]);
            try {
                int index = Integer.parseInt(fields[0].trim());
                long memoryMib = Long.parseLong(fields[last].trim());
                if (capability.isPresent() && !name.isEmpty()) {
                    gpus.add(new GpuDevice(index, name, capability.get(), memoryMib << 20));
                }
            } catch (NumberFormatException e) {
                // not a GPU line
            }
        }
        return gpus;
    }

    private static Optional<String> run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("nvidia-smi");
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty(); // not installed
        }
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            // A few lines, far below a pipe's buffer: waiting first cannot block the process, and
            // a hung nvidia-smi (a wedged driver) cannot hang chargpt.
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
