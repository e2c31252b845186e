package dev.chargpt.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The instruction-set flags the CPU reports (Linux's {@code /proc/cpuinfo}; none elsewhere). */
public record CpuFlags(Set<String> flags) {
    /** What AVX-512 builds (SkylakeX's subset) need; src/main/sh/openblas-coretype checks the same set. */
    private static final Set<String> AVX512 = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    public static CpuFlags current() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return new CpuFlags(Set.of());
        }
    }

    /** Reads the first {@code flags : ...} line of a cpuinfo text. */
    static CpuFlags parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return new CpuFlags(Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                        .filter(flag -> !flag.isEmpty()).collect(Collectors.toUnmodifiableSet()));
            }
        }
        return new CpuFlags(Set.of());
    }

    public boolean hasAvx512() {
        return flags.containsAll(AVX512);
    }
}
