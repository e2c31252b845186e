package dev.chargpt.device;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed NVIDIA driver, as far as it could be read.
 *
 * @param release     the driver release, e.g. {@code 535.104.05}; empty when unknown
 * @param cudaVersion the newest CUDA version the driver supports as {@code cudaDriverGetVersion}
 *                    reports it ({@code 12020} for 12.2); 0 when unknown
 */
public record NvidiaDriver(Optional<String> release, int cudaVersion) {
    private static final Pattern RELEASE = Pattern.compile("(\\d+)(\\.\\d+)*");
    private static final Pattern PROC_LINE = Pattern.compile("NVRM version:.*?\\s(\\d+\\.\\d+(?:\\.\\d+)?)\\s");

    public NvidiaDriver {
        release = release.map(String::trim).filter(r -> RELEASE.matcher(r).matches());
        if (cudaVersion < 0) {
            throw new IllegalArgumentException("CUDA version " + cudaVersion);
        }
    }

    /** The first number of the release (535 for 535.104.05). */
    public OptionalInt releaseMajor() {
        return release.map(r -> OptionalInt.of(Integer.parseInt(r.split("\\.")[0]))).orElse(OptionalInt.empty());
    }

    /**
     * The release from the text of {@code /proc/driver/nvidia/version}, whose first line reads
     * {@code NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023}
     * (or {@code ... Open Kernel Module for x86_64  535.104.05  Release Build ...}).
     */
    public static Optional<String> releaseFromProcVersion(String text) {
        for (String line : text.split("\\R")) {
            Matcher m = PROC_LINE.matcher(line + " ");
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** {@code 535.104.05 (supports CUDA 12.2)}, {@code 535.104.05}, or {@code unknown version}. */
    public String describe() {
        String cuda = cudaVersion > 0 ? "supports CUDA " + cudaVersion / 1000 + "." + (cudaVersion % 1000) / 10 : "";
        if (release.isPresent()) {
            return release.get() + (cuda.isEmpty() ? "" : " (" + cuda + ")");
        }
        return cuda.isEmpty() ? "unknown version" : "unknown release (" + cuda + ")";
    }
}
