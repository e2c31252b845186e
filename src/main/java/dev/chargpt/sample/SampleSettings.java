package dev.chargpt.sample;

import dev.chargpt.decoder.ContextPolicy;
import java.nio.file.Path;

/**
 * What {@code chargpt sample} was asked to do.
 *
 * @param checkpoint    {@code best} or {@code latest}
 * @param prompt        the prompt text ({@code null} when none or when {@code promptFile} is given)
 * @param seed          {@code null} means a fresh seed, printed so the run can be repeated
 * @param unknownCharacters what to do with prompt characters outside the vocabulary
 * @param context       what to keep when the context window is full
 */
public record SampleSettings(Path model, String checkpoint, String prompt, Path promptFile, int length,
                             double temperature, Integer topK, Double topP, Long seed, int numSamples,
                             UnknownCharacters unknownCharacters, ContextPolicy context) {
    /** Characters to write when not told: {@code sample}'s default, and {@code serve}'s. */
    public static final int DEFAULT_LENGTH = 500;
    /** A little safer than the model's own distribution: {@code sample}'s default, and {@code serve}'s. */
    public static final double DEFAULT_TEMPERATURE = 0.8;
}
