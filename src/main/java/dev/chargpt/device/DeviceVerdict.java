package dev.chargpt.device;

import java.util.Objects;

/**
 * Whether chargpt can train on this machine with this build, and one line that says why (and,
 * when it cannot, what to do instead).
 */
public record DeviceVerdict(boolean usable, String message) {
    public DeviceVerdict {
        Objects.requireNonNull(message, "message");
        if (message.isBlank() || message.contains("\n")) {
            throw new IllegalArgumentException("a verdict is one non-empty line: '" + message + "'");
        }
    }

    static DeviceVerdict usable(String message) {
        return new DeviceVerdict(true, message);
    }

    static DeviceVerdict unusable(String message) {
        return new DeviceVerdict(false, message);
    }
}
