package dev.chargpt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's resident memory as the kernel counts it (Linux {@code /proc/self/status}): the Java
 * heap and ND4J's off-heap arrays and native buffers together, which is what a user's machine feels
 * and what the JVM's own heap figures leave out.
 */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** VmRSS: resident now, in MB; empty where /proc is not available. */
    public static OptionalLong currentMegabytes() {
        return field("VmRSS:");
    }

    /** VmHWM: the peak resident set since the process started, in MB. */
    public static OptionalLong peakMegabytes() {
        return field("VmHWM:");
    }

    /** "resident 812 MB, peak 868 MB", or "" where the figures are not available. */
    public static String describe() {
        OptionalLong now = currentMegabytes();
        OptionalLong peak = peakMegabytes();
        if (now.isEmpty() || peak.isEmpty()) {
            return "";
        }
        return "resident " + now.getAsLong() + " MB, peak " + peak.getAsLong() + " MB";
    }

    static OptionalLong parse(List<String> statusLines, String key) {
        for (String line : statusLines) {
            if (line.startsWith(key)) {
                String digits = line.substring(key.length()).replaceAll("[^0-9]", "");
                return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits) / 1024);
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong field(String key) {
        try {
            return Files.isReadable(STATUS) ? parse(Files.readAllLines(STATUS), key) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
