package dev.chargpt.sample;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import dev.chargpt.data.Vocabulary;

import java.util.Arrays;

/**
 * A prompt's character ids under an {@link UnknownCharacters} policy: the one place where a prompt
 * is refused for characters the model never saw, so {@code sample} and {@code attention} refuse it
 * with the same words, and cut to the context the model sees.
 */
public final class PromptIds {
    private PromptIds() {
    }

    /**
     * The ids of every character of {@code prompt} (all of them, not only the last blockSize).
     *
     * @throws BadInputException for unknown characters under {@link UnknownCharacters#REJECT} (the message lists them)
     */
    public static int[] of(Vocabulary vocabulary, String prompt, UnknownCharacters unknown) {
        if (unknown == UnknownCharacters.DROP) {
            return vocabulary.encodeDropping(prompt);
        }
        try {
            return vocabulary.encode(prompt);
        } catch (BadInputException e) {
            throw new BadInputException("prompt: " + e.getMessage() + ", or pass " + Setting.DROP_UNKNOWN + " to leave them out", e);
        }
    }

    /** The newest {@code blockSize} of {@code ids}: all that a model with that context length sees. */
    public static int[] newest(int[] ids, int blockSize) {
        return ids.length <= blockSize ? ids : Arrays.copyOfRange(ids, ids.length - blockSize, ids.length);
    }
}
