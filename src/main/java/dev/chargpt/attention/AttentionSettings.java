package dev.chargpt.attention;

import java.nio.file.Path;

/**
 * What {@code chargpt attention} was asked to do.
 *
 * @param checkpoint  {@code best} or {@code latest}
 * @param prompt      the text ({@code null} when {@code promptFile} is given)
 * @param dropUnknown drop characters outside the vocabulary instead of refusing the text
 * @param out         the PNG; {@code null} for the default under {@code chartsDir}
 * @param json        where to write the weights as JSON too; {@code null} for nowhere
 * @param layer       with {@code head}, draw only that head (from 0); {@code null} for every layer and head
 */
public record AttentionSettings(Path model, String checkpoint, String prompt, Path promptFile, boolean dropUnknown,
                                Path out, Path json, Integer layer, Integer head, Path chartsDir) {
}
