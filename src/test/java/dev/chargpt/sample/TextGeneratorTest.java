package dev.chargpt.sample;

import dev.chargpt.BadInputException;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.data.Vocabulary;
import dev.chargpt.decoder.ContextPolicy;
import dev.chargpt.decoder.FullWindowModel;
import dev.chargpt.decoder.KvCacheModel;
import dev.chargpt.decoder.NextCharacterModel;
import dev.chargpt.fixture.TinyGpt;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextGeneratorTest {

    /**
     * A model whose most likely next id is (last id + 1) mod V, recording every call: greedy
     * decoding then writes a known sequence, and the test can see when the model was asked.
     */
    private static final class CountingModel implements NextCharacterModel {
        final int blockSize;
        final int vocabSize;
        final List<int[]> starts = new ArrayList<>();
        int calls;
        int length;

        CountingModel(int blockSize, int vocabSize) {
            this.blockSize = blockSize;
            this.vocabSize = vocabSize;
        }

        @Override
        public int blockSize() {
            return blockSize;
        }

        @Override
        public int vocabSize() {
            return vocabSize;
        }

        @Override
        public double[] start(int[] context) {
            starts.add(context.clone());
            calls++;
            length = context.length;
            return favouring((context[context.length - 1] + 1) % vocabSize);
        }

        @Override
        public double[] append(int id) {
            calls++;
            length = Math.min(length + 1, blockSize); // no policy here: the tests that count calls never fill a window twice
            return favouring((id + 1) % vocabSize);
        }

        @Override
        public int contextLength() {
            return length;
        }

        private double[] favouring(int id) {
            double[] logits = new double[vocabSize];
            logits[id] = 5;
            return logits;
        }
    }

    private static final Vocabulary ABC = Vocabulary.of("\nabcd"); // ids: \n=0 a=1 b=2 c=3 d=4

    @Test
    void eachCharacterReachesTheCallbackAsSoonAsItIsChosenInOrder() {
        CountingModel model = new CountingModel(4, 5);
        List<String> seen = new ArrayList<>();
        List<Integer> callsWhenSeen = new ArrayList<>();
        String text = new TextGenerator(model, ABC).generate("ab", 7, greedy(), cp -> {
            seen.add(Character.toString(cp));
            callsWhenSeen.add(model.calls);
        });
        assertEquals("cd\nabcd", text);
        assertEquals(List.of("c", "d", "\n", "a", "b", "c", "d"), seen);
        // Character i arrives after exactly i + 1 model calls: streamed, not collected and replayed.
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), callsWhenSeen);
        assertEquals(7, model.calls, "no wasted prediction after the last character");
    }

    @Test
    void streamingWithARealNetworkDeliversLengthCharactersThatMakeUpTheText() {
        ModelConfig config = new ModelConfig(5, 1, 1, 8, 4, 0.0);
        KvCacheModel model = new KvCacheModel(TinyGpt.network(config, 2, 0.3, DataType.FLOAT), config, ContextPolicy.SHIFT);
        StringBuilder streamed = new StringBuilder();
        int[] count = {0};
        String text = new TextGenerator(model, ABC).generate("", 25, new TokenSampler(1, 0, 1, 5), cp -> {
            streamed.appendCodePoint(cp);
            count[0]++;
        });
        assertEquals(25, count[0]);
        assertEquals(25, text.codePointCount(0, text.length()));
        assertEquals(text, streamed.toString());
    }

    @Test
    void aLongPromptKeepsItsLastBlockSizeCharacters() {
        CountingModel model = new CountingModel(4, 5);
        new TextGenerator(model, ABC).generate("abcdab\nc", 1, greedy(), cp -> { });
        assertArrayEquals(new int[]{1, 2, 0, 3}, model.starts.get(0)); // "ab\nc"
    }

    @Test
    void anEmptyPromptStartsFromANewlineOrElseIdZero() {
        CountingModel model = new CountingModel(4, 5);
        new TextGenerator(model, ABC).generate("", 1, greedy(), cp -> { });
        assertArrayEquals(new int[]{0}, model.starts.get(0));

        Vocabulary noNewline = Vocabulary.of("wxyz");
        CountingModel other = new CountingModel(4, 4);
        new TextGenerator(other, noNewline).generate("", 1, greedy(), cp -> { });
        assertArrayEquals(new int[]{0}, other.starts.get(0));
        assertEquals("x", new TextGenerator(new CountingModel(4, 4), noNewline).generate("", 1, greedy(), cp -> { }));
    }

    @Test
    void unknownPromptCharactersAreListedUnlessDroppingWasChosen() {
        CountingModel model = new CountingModel(8, 5);
        TextGenerator generator = new TextGenerator(model, ABC);
        BadInputException e = assertThrows(BadInputException.class,
                () -> generator.generate("aé🎭b", 3, greedy(), cp -> { }));
        assertTrue(e.getMessage().contains("'é' (U+00E9)") && e.getMessage().contains("U+1F3AD"), e.getMessage());
        assertTrue(model.starts.isEmpty(), "nothing generated from a rejected prompt");
        BadInputException checked = assertThrows(BadInputException.class, () -> generator.checkPrompt("aé🎭b", UnknownCharacters.REJECT));
        assertEquals(e.getMessage(), checked.getMessage(), "checkPrompt refuses as generate does");
        generator.checkPrompt("aé🎭b", UnknownCharacters.DROP);
        assertEquals(0, model.calls, "checking a prompt does not run the model");

        String text = generator.generate("aé🎭b", 3, greedy(), UnknownCharacters.DROP, cp -> { });
        assertArrayEquals(new int[]{1, 2}, model.starts.get(0));
        assertEquals("cd\n", text);
        // Dropping everything leaves an empty prompt: the newline start.
        generator.generate("éé", 1, greedy(), UnknownCharacters.DROP, cp -> { });
        assertArrayEquals(new int[]{0}, model.starts.get(1));
    }

    @Test
    void lengthZeroGeneratesNothingAndNegativeLengthIsRefused() {
        CountingModel model = new CountingModel(4, 5);
        TextGenerator generator = new TextGenerator(model, ABC);
        assertEquals("", generator.generate("ab", 0, greedy(), cp -> { throw new AssertionError(); }));
        assertEquals(0, model.calls);
        BadInputException e = assertThrows(BadInputException.class, () -> generator.generate("ab", -1, greedy(), cp -> { }));
        assertTrue(e.getMessage().startsWith("length"), e.getMessage());
    }

    @Test
    void aVocabularyOfTheWrongSizeIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> new TextGenerator(new CountingModel(4, 6), ABC));
        assertTrue(e.getMessage().contains("5 characters") && e.getMessage().contains("6"), e.getMessage());
    }

    @Test
    void supplementaryCharactersAreOneCharacterEach() {
        Vocabulary emoji = Vocabulary.of("🎭🐍x");
        String text = new TextGenerator(new CountingModel(4, 3), emoji).generate("x", 3, greedy(), cp -> { });
        assertEquals(3, text.codePointCount(0, text.length()));
        assertEquals(Arrays.asList("🎭", "🐍", "x"), text.codePoints().mapToObj(Character::toString).toList());
    }

    /** The cached and the full-window decoder are interchangeable under the generator: same seed, same text. */
    @Test
    void theSameSeedWritesTheSameTextOnBothDecoders() {
        ModelConfig tiny = new ModelConfig(13, 2, 2, 16, 8, 0.0);
        MultiLayerNetwork network = TinyGpt.network(tiny, 21, 0.3, DataType.FLOAT);
        Vocabulary vocabulary = Vocabulary.of("\nabcdefghijkl");
        for (ContextPolicy policy : ContextPolicy.values()) {
            String viaFull = new TextGenerator(new FullWindowModel(network, tiny, policy), vocabulary)
                    .generate("bad", 40, new TokenSampler(0.9, 8, 0.95, 2024), cp -> { });
            String viaCache = new TextGenerator(new KvCacheModel(network, tiny, policy), vocabulary)
                    .generate("bad", 40, new TokenSampler(0.9, 8, 0.95, 2024), cp -> { });
            assertEquals(40, viaFull.length());
            assertEquals(viaFull, viaCache, policy.toString());
            assertTrue(viaFull.chars().distinct().count() > 3, "suspiciously repetitive text: " + viaFull);
        }
    }

    /** Temperature 0: always the most likely character, whatever the seed. */
    private static TokenSampler greedy() {
        return new TokenSampler(0, 0, 1, 0);
    }
}
