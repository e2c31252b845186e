package dev.chargpt.checkpoint;

import dev.chargpt.BadInputException;

import java.util.Properties;

/** Typed reads from a checkpoint's properties, failing with one line that names the file and the key. */
final class PropertyReader {
    private final Properties properties;
    private final String source;

    PropertyReader(Properties properties, String source) {
        this.properties = properties;
        this.source = source;
    }

    String text(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new BadInputException(source + " lacks '" + key + "', so it is damaged or not a chargpt checkpoint;"
                    + " use another checkpoint or start a new run");
        }
        return value;
    }

    int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw malformed(key);
        }
    }

    long longInteger(String key) {
        try {
            return Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw malformed(key);
        }
    }

    double decimal(String key) {
        try {
            return Double.parseDouble(text(key));
        } catch (NumberFormatException e) {
            throw malformed(key);
        }
    }

    /** "true" or "false", exactly as {@link Boolean#toString} writes them. */
    boolean flag(String key) {
        String value = text(key);
        if (!value.equals("true") && !value.equals("false")) {
            throw malformed(key);
        }
        return value.equals("true");
    }

    private BadInputException malformed(String key) {
        return new BadInputException(source + " has a malformed '" + key + "' (" + properties.getProperty(key)
                + "), so it is damaged; use another checkpoint or start a new run");
    }
}
