package dev.chargpt.attention;

import dev.chargpt.sample.UnknownCharacters;

import java.nio.file.Path;

/**
 * What {@code chargpt attention} was asked to do.
 *
 * @param checkpoint  {@code best} or {@code latest}
 * @param prompt      the text ({@code null} when {@code promptFile} is given)
 * @param unknownCharacters what to do with characters outside the vocabulary
 * @param out         the PNG; {@code null} for the default under {@code chartsDir}
 * @param json        where to write the weights as JSON too; {@code null} for nowhere
 * @param layer       with {@code head}, draw only that head (from 0); {@code null} for every layer and head
 */
public record AttentionSettings(Path model, String checkpoint, String prompt, Path promptFile, UnknownCharacters unknownCharacters,
                                Path out, Path json, Integer layer, Integer head, Path chartsDir) {
}
