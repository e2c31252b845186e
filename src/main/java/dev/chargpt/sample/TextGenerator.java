package dev.chargpt.sample;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.NextCharacterModel;

import java.util.function.IntConsumer;

/**
 * Writes text one character at a time: prompt to context, then logits, sampler, character, repeat.
 * Each character goes to the caller's callback the moment it is chosen, so a terminal can show the
 * text as it grows.
 */
public final class TextGenerator {
    private final NextCharacterModel model;
    private final Vocabulary vocabulary;

    /**
     * @throws BadInputException if the vocabulary and the model disagree on the number of characters
     *                           (a checkpoint whose vocabulary does not belong to its weights)
     */
    public TextGenerator(NextCharacterModel model, Vocabulary vocabulary) {
        if (model.vocabSize() != vocabulary.size()) {
            throw new BadInputException("the vocabulary has " + vocabulary.size() + " characters but the model predicts "
                    + model.vocabSize() + "; the checkpoint's vocabulary and weights do not belong together");
        }
        this.model = model;
        this.vocabulary = vocabulary;
    }

    /** As {@link #generate(String, int, TokenSampler, UnknownCharacters, IntConsumer)}, rejecting unknown characters. */
    public String generate(String prompt, int length, TokenSampler sampler, IntConsumer onCodePoint) {
        return generate(prompt, length, sampler, UnknownCharacters.REJECT, onCodePoint);
    }

    /**
     * Generates {@code length} characters after {@code prompt}.
     *
     * @param prompt      the text to continue (may be empty); only its last blockSize characters are
     *                    context, as the model was trained on windows of that length
     * @param length      characters to generate, 0 or more
     * @param unknown     what to do with prompt characters outside the vocabulary
     * @param onCodePoint receives each generated character (a Unicode code point) as soon as it is
     *                    chosen, in order; the prompt itself is not echoed
     * @return the generated text (without the prompt)
     * @throws BadInputException for a negative length, or unknown prompt characters under
     *                           {@link UnknownCharacters#REJECT} (the message lists them)
     */
    public String generate(String prompt, int length, TokenSampler sampler, UnknownCharacters unknown, IntConsumer onCodePoint) {
        return generate(prompt, length, sampler, unknown, (codePoint, context) -> onCodePoint.accept(codePoint));
    }

    /** Receives each generated character as soon as it is chosen; it may throw to stop the generation. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param codePoint the character (a Unicode code point)
         * @param context   how many characters the model read to choose it: the ones just before it
         *                  (fewer than the text before it once the window has slid, see {@code ContextPolicy})
         */
        void chosen(int codePoint, int context);
    }

    /**
     * As {@link #generate(String, int, TokenSampler, UnknownCharacters, IntConsumer)}, telling
     * {@code listener} also how much context chose each character, so a viewer can show it.
     */
    public String generate(String prompt, int length, TokenSampler sampler, UnknownCharacters unknown, Listener listener) {
        if (length < 0) {
            throw new BadInputException(Setting.LENGTH + " must be 0 or more characters, got " + length);
        }
        int[] context = contextIds(prompt, unknown);
        if (length == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        double[] logits = model.start(context);
        for (int i = 0; i < length; i++) {
            int id = sampler.sample(logits);
            int codePoint = vocabulary.codePointAt(id);
            text.appendCodePoint(codePoint);
            listener.chosen(codePoint, model.contextLength());
            if (i + 1 < length) { // the last character needs no prediction after it
                logits = model.append(id);
            }
        }
        return text.toString();
    }

    /**
     * Checks {@code prompt} exactly as {@link #generate} will, without running the model, so a caller
     * can refuse a bad prompt before it prints anything.
     *
     * @throws BadInputException for unknown prompt characters under {@link UnknownCharacters#REJECT}
     */
    public void checkPrompt(String prompt, UnknownCharacters unknown) {
        contextIds(prompt, unknown);
    }

    /**
     * The ids the model starts from: the prompt's last blockSize characters. An empty prompt (or one
     * that is empty once unknown characters are dropped) starts from a newline, as nanoGPT does, when
     * the vocabulary has one (a corpus of lines starts a passage after a line break); otherwise from
     * id 0, the smallest code point, the only choice that needs no knowledge of the corpus.
     */
    int[] contextIds(String prompt, UnknownCharacters unknown) {
        return PromptIds.newest(promptIds(prompt, unknown), model.blockSize());
    }

    /**
     * Every id of the prompt as the model reads it (unknown characters dropped or refused), or the
     * one start id above when nothing is left: the text that generated characters continue.
     *
     * @throws BadInputException for unknown prompt characters under {@link UnknownCharacters#REJECT}
     */
    public int[] promptIds(String prompt, UnknownCharacters unknown) {
        int[] ids = PromptIds.of(vocabulary, prompt, unknown);
        if (ids.length == 0) {
            int newline = vocabulary.idOf('\n');
            return new int[]{newline >= 0 ? newline : 0};
        }
        return ids;
    }
}
