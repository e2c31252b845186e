package dev.chargpt;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A choice the user makes, named by the field that holds it. Domain code mentions settings in its
 * messages through these constants ({@code BLOCK_SIZE + " must be at least 1"}); only the command
 * line turns a setting into a flag ({@code --block-size}), because only it knows its flags, and one
 * setting can be a different flag in different commands (the run directory is {@code train --out}
 * but {@code sample --model}).
 *
 * <p>A constant's {@link #toString()} is a mention, {@code {blockSize}}: a message keeps its
 * mentions until it is shown, and {@link #render} replaces them by names.
 */
public enum Setting {
    CORPUS, PRESET, RUN_DIRECTORY, RESUME, INIT_FROM, EPOCHS, MAX_STEPS,
    LAYERS, HEADS, WIDTH, BLOCK_SIZE, DROPOUT, ACTIVATION, ZERO_INIT, QK_NORM, BATCH_SIZE,
    LEARNING_RATE, MIN_LEARNING_RATE, WARMUP_STEPS, WEIGHT_DECAY, GRAD_CLIP, BETA1, BETA2, SCHEDULE, COOLDOWN, EMA,
    CHECKPOINT, LENGTH, NUM_SAMPLES, TEMPERATURE, TOP_K, TOP_P, DROP_UNKNOWN,
    PROMPT, LAYER, HEAD, HOST, PORT, MAX_LENGTH, MAX_PROMPT, MAX_GENERATIONS;

    private static final Pattern MENTION = Pattern.compile("\\{([a-zA-Z]+)}");

    /** The field's name: {@code blockSize}. */
    public String fieldName() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder field = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            field.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return field.toString();
    }

    /** The mention that {@link #render} replaces: {@code {blockSize}}. */
    @Override
    public String toString() {
        return "{" + fieldName() + "}";
    }

    /** {@code text} with every mention replaced by {@code naming}'s name for its setting; other braces stay. */
    public static String render(String text, Function<Setting, String> naming) {
        if (text == null) {
            return null;
        }
        Matcher mention = MENTION.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (mention.find()) {
            Setting setting = byFieldName(mention.group(1));
            mention.appendReplacement(rendered,
                    Matcher.quoteReplacement(setting == null ? mention.group() : naming.apply(setting)));
        }
        return mention.appendTail(rendered).toString();
    }

    private static Setting byFieldName(String field) {
        for (Setting setting : values()) {
            if (setting.fieldName().equals(field)) {
                return setting;
            }
        }
        return null;
    }
}
