package dev.chargpt.serve;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;

/**
 * What one {@code chargpt serve} gives its clients at most, so that its memory and its cores stay
 * bounded whoever calls it: characters per generation, characters of a prompt, generations at once.
 *
 * @param maxLength      characters one generation may ask for
 * @param maxPrompt      characters of a prompt (or of a text to read); the model reads only the last
 *                       block-size of them, the page shows them all
 * @param maxGenerations generations streaming at once; one more is refused with 429. Each holds a
 *                       decoder of its own (a copy of the weights, about 7 MB on cpu-small)
 */
public record ServeLimits(int maxLength, int maxPrompt, int maxGenerations) {
    /** Four times {@code sample}'s default, a few pages of text: under a second of decoding on cpu-small. */
    public static final int DEFAULT_MAX_LENGTH = 2_000;
    /** A long passage; the prompt is sent back to the page, so this bounds the answer too. */
    public static final int DEFAULT_MAX_PROMPT = 4_000;
    /**
     * Two per core of this project's 2-core machine: under 20 clients at once every generation of 500
     * characters finished within 5 s and the rest were refused with 429 within 0.5 s (p99; docs/watch-it-write.md, "Under load").
     */
    public static final int DEFAULT_MAX_GENERATIONS = 4;

    public ServeLimits {
        atLeastOne(Setting.MAX_LENGTH, maxLength);
        atLeastOne(Setting.MAX_PROMPT, maxPrompt);
        atLeastOne(Setting.MAX_GENERATIONS, maxGenerations);
    }

    public static ServeLimits defaults() {
        return new ServeLimits(DEFAULT_MAX_LENGTH, DEFAULT_MAX_PROMPT, DEFAULT_MAX_GENERATIONS);
    }

    private static void atLeastOne(Setting setting, int value) {
        if (value < 1) {
            throw new BadInputException(setting + " must be at least 1, got " + value);
        }
    }
}
