package dev.chargpt.device;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An NVIDIA GPU's compute capability, {@code major.minor} (8.0 for an A100, 9.0 for an H100).
 */
public record ComputeCapability(int major, int minor) implements Comparable<ComputeCapability> {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\.(\\d+)\\s*");

    public ComputeCapability {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("compute capability " + major + "." + minor + " is not a version");
        }
    }

    /** Parses {@code "8.6"} as nvidia-smi prints it; empty for anything else ({@code "[N/A]"}). */
    public static Optional<ComputeCapability> parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ComputeCapability(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    @Override
    public int compareTo(ComputeCapability other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
