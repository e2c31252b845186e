package dev.chargpt.eval;

import java.nio.file.Path;

/**
 * What {@code chargpt eval} was asked to do.
 *
 * @param checkpoint {@code best} or {@code latest}
 * @param text       a UTF-8 file to score; {@code null} means the validation split of the model's corpus
 * @param dataDir    where named corpora are cached (to rebuild the validation split)
 */
public record EvalSettings(Path model, String checkpoint, Path text, Path dataDir) {
}
