package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.nio.file.Path;

/** The corpus of a run as the model sees it: its vocabulary and the encoded 90/10 split. */
public record TrainingData(String corpus, Vocabulary vocabulary, CorpusSplit split) {

    /** Reads (downloading a named corpus once) and encodes {@code corpus}. */
    public static TrainingData load(String corpus, Path dataDir) {
        String text = text(corpus, dataDir);
        return encoded(corpus, text, Vocabulary.of(text));
    }

    /**
     * The corpus encoded with a vocabulary that also knows {@code known}'s characters: a fine-tuned
     * model keeps the ids of the characters it learned, and new ones get ids of their own.
     */
    public static TrainingData load(String corpus, Path dataDir, Vocabulary known) {
        String text = text(corpus, dataDir);
        return encoded(corpus, text, known.union(Vocabulary.of(text)));
    }

    /**
     * The corpus again, for a resumed run or an evaluation, encoded with the checkpoint's vocabulary,
     * which must know every character of it (a fine-tuned model's knows more), or ids would mean
     * other characters.
     */
    public static TrainingData reload(String corpus, Path dataDir, Vocabulary expected, Path checkpoint) {
        String text = text(corpus, dataDir);
        Vocabulary own = Vocabulary.of(text);
        if (!expected.union(own).equals(expected)) {
            throw new BadInputException("the corpus '" + corpus + "' now has a vocabulary of " + own.size()
                    + " characters, but the checkpoint " + checkpoint.toAbsolutePath() + " was trained on one of "
                    + expected.size() + " different characters: the corpus file changed; restore it, or start a new run");
        }
        return encoded(corpus, text, expected);
    }

    private static String text(String corpus, Path dataDir) {
        return CorpusText.forCorpus(corpus, new CorpusStore(dataDir).resolve(corpus));
    }

    private static TrainingData encoded(String corpus, String text, Vocabulary vocabulary) {
        return new TrainingData(corpus, vocabulary, CorpusSplit.of(vocabulary.encode(text)));
    }
}
