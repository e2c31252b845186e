package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.nio.file.Path;

/** The corpus of a run as the model sees it: its vocabulary and the encoded 90/10 split. */
public record TrainingData(String corpus, Vocabulary vocabulary, CorpusSplit split) {

    /** Reads (downloading a named corpus once) and encodes {@code corpus}. */
    public static TrainingData load(String corpus, Path dataDir) {
        Path file = new CorpusStore(dataDir).resolve(corpus);
        String text = CorpusText.forCorpus(corpus, file);
        Vocabulary vocabulary = Vocabulary.of(text);
        return new TrainingData(corpus, vocabulary, CorpusSplit.of(vocabulary.encode(text)));
    }

    /**
     * The corpus again, for a resumed run or an evaluation: its vocabulary must be the one the
     * checkpoint was trained with, or every id would mean another character.
     */
    public static TrainingData reload(String corpus, Path dataDir, Vocabulary expected, Path checkpoint) {
        TrainingData data = load(corpus, dataDir);
        if (!data.vocabulary().equals(expected)) {
            throw new BadInputException("the corpus '" + corpus + "' now has a vocabulary of " + data.vocabulary().size()
                    + " characters, but the checkpoint " + checkpoint.toAbsolutePath() + " was trained on one of "
                    + expected.size() + " different characters: the corpus file changed; restore it, or start a new run");
        }
        return data;
    }
}
