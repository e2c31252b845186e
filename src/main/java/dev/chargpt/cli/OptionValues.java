package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import org.apache.commons.cli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.DoublePredicate;

/**
 * The typed values of one parsed command line. Every problem is a {@link BadInputException}
 * whose message names the flag, what it needs and what it got:
 * {@code --top-k must be a positive integer, got 'x'}.
 */
final class OptionValues {

    private final CommandLine line;

    OptionValues(CommandLine line) {
        this.line = line;
    }

    boolean has(String name) {
        return line.hasOption(name);
    }

    /** The value given, or {@code null}; a flag given twice with values is refused rather than one value silently winning. */
    String text(String name) {
        String[] values = line.getOptionValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new BadInputException("--" + name + " is given more than once ('" + values[0] + "' and '"
                    + values[1] + "'); give it once");
        }
        return values[0];
    }

    String text(String name, String defaultValue) {
        String value = text(name);
        return value == null ? defaultValue : value;
    }

    Path path(String name, Path defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBlank()) {
            throw new BadInputException("--" + name + " needs a path, got an empty value");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new BadInputException("--" + name + " '" + value + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    Path path(String name) {
        return path(name, null);
    }

    /** An integer >= 1, or {@code null} when not given. */
    Integer positiveInt(String name) {
        return intAtLeast(name, 1, "a positive integer");
    }

    int positiveInt(String name, int defaultValue) {
        Integer value = positiveInt(name);
        return value == null ? defaultValue : value;
    }

    /** An integer >= 0, or {@code null} when not given. */
    Integer nonNegativeInt(String name) {
        return intAtLeast(name, 0, "an integer >= 0");
    }

    int nonNegativeInt(String name, int defaultValue) {
        Integer value = nonNegativeInt(name);
        return value == null ? defaultValue : value;
    }

    /** A long >= 1, or {@code null} when not given. */
    Long positiveLong(String name) {
        Long value = anyLong(name, "a positive integer");
        if (value != null && value < 1) {
            throw mustBe(name, "a positive integer", text(name));
        }
        return value;
    }

    /** Any integer that fits in 64 bits (a seed), or {@code null} when not given. */
    Long anyLong(String name) {
        return anyLong(name, "an integer");
    }

    /**
     * A finite number accepted by {@code allowed}, or {@code null} when not given.
     *
     * @param requirement what {@code allowed} means, for the message: "a number in (0, 1]"
     */
    Double number(String name, DoublePredicate allowed, String requirement) {
        String raw = text(name);
        if (raw == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw mustBe(name, requirement, raw);
        }
        if (!Double.isFinite(value) || !allowed.test(value)) {
            throw mustBe(name, requirement, raw);
        }
        return value;
    }

    /** One of {@code choices}, or {@code defaultValue} when not given. */
    String choice(String name, String defaultValue, String... choices) {
        String value = text(name, defaultValue);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return value;
            }
        }
        throw mustBe(name, String.join(" or ", choices), value);
    }

    private Integer intAtLeast(String name, int minimum, String requirement) {
        String raw = text(name);
        if (raw == null) {
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw mustBe(name, requirement, raw);
        }
        if (value < minimum) {
            throw mustBe(name, requirement, raw);
        }
        return value;
    }

    private Long anyLong(String name, String requirement) {
        String raw = text(name);
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw mustBe(name, requirement, raw);
        }
    }

    static BadInputException mustBe(String name, String requirement, String raw) {
        return new BadInputException("--" + name + " must be " + requirement + ", got '" + raw + "'");
    }
}
