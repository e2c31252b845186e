package dev.chargpt.data;

import dev.chargpt.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {

    private static final String MIXED = "Café naïve, 日本語 and 🎭🐍 (emoji are surrogate pairs)\n";

    @Test
    void tinyShakespeareHas65Characters() {
        Vocabulary vocabulary = Vocabulary.of(CorpusText.read(SharedCorpora.tiny()));
        assertEquals(65, vocabulary.size());
        assertEquals('\n', vocabulary.codePointAt(0));
        assertEquals(' ', vocabulary.codePointAt(1));
        assertEquals('z', vocabulary.codePointAt(64));
    }

    @Test
    void idsAreSortedCodePoints() {
        Vocabulary vocabulary = Vocabulary.of("cabca");
        assertEquals(3, vocabulary.size());
        assertArrayEquals(new int[]{2, 0, 1, 2, 0}, vocabulary.encode("cabca"));
        assertEquals(-1, vocabulary.idOf('d'));
        assertTrue(vocabulary.contains('a'));
        assertFalse(vocabulary.contains('d'));
    }

    @Test
    void accentsCjkAndEmojiRoundTripAsOneCharacterEach() {
        Vocabulary vocabulary = Vocabulary.of(MIXED);
        int[] ids = vocabulary.encode(MIXED);

        assertEquals(MIXED.codePointCount(0, MIXED.length()), ids.length);
        assertEquals(MIXED, decode(vocabulary, ids));
        assertEquals("🎭", Character.toString(vocabulary.codePointAt(vocabulary.idOf("🎭".codePointAt(0)))));
        assertEquals(MIXED.codePoints().distinct().count(), vocabulary.size());
    }

    @Test
    void encodeListsUnknownCharactersWithTheirCodePoints() {
        Vocabulary vocabulary = Vocabulary.of("abc ");

        BadInputException e = assertThrows(BadInputException.class, () -> vocabulary.encode("a é🎭\tb"));

        assertEquals("the text has 3 characters that the vocabulary (4 characters) does not know:"
                + " 'é' (U+00E9), '🎭' (U+1F3AD), U+0009; remove or replace them", e.getMessage());
    }

    @Test
    void encodeListsAtMostTenUnknownCharacters() {
        Vocabulary vocabulary = Vocabulary.of("a");
        String unknown = IntStream.rangeClosed('b', 'p').mapToObj(Character::toString).collect(Collectors.joining());

        BadInputException e = assertThrows(BadInputException.class, () -> vocabulary.encode(unknown));

        assertTrue(e.getMessage().startsWith("the text has 15 characters"), e.getMessage());
        assertTrue(e.getMessage().contains("'k' (U+006B) and 5 more;"), e.getMessage());
        assertFalse(e.getMessage().contains("'l'"), e.getMessage());
    }

    @Test
    void encodeDroppingSkipsUnknownCharacters() {
        Vocabulary vocabulary = Vocabulary.of("ab");
        assertArrayEquals(new int[]{0, 1, 0}, vocabulary.encodeDropping("a🎭bxa"));
        assertEquals(List.of("🎭".codePointAt(0), (int) 'x'), List.copyOf(vocabulary.unknownCodePoints("a🎭bxa🎭")));
    }

    @Test
    void jsonRoundTrip() {
        Vocabulary vocabulary = Vocabulary.of(MIXED);
        String json = vocabulary.toJson();

        assertTrue(json.startsWith("{\"format\":1,\"codePoints\":[10,32,40,"), json);
        assertEquals(vocabulary, Vocabulary.fromJson(json));
        assertEquals(vocabulary.hashCode(), Vocabulary.fromJson(json).hashCode());
    }

    @Test
    void jsonIsTheBytesEarlierVersionsWrote() {
        assertEquals("{\"format\":1,\"codePoints\":[10,32,97,233,26085,127917]}", Vocabulary.of("a\n é日🎭").toJson());
        assertEquals("{\"format\":1,\"codePoints\":[0,1114111]}",
                Vocabulary.fromJson("{\"format\":1,\"codePoints\":[0,1114111]}").toJson());
    }

    @Test
    void anUnsupportedFormatSaysWhichVersionReadsIt() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Vocabulary.fromJson("{\"format\":2,\"codePoints\":[10]}"));
        assertEquals("vocabulary format 2 is not supported (this version reads format 1);"
                + " use a chargpt version that wrote this checkpoint", e.getMessage());
    }

    @Test
    void jsonMayHaveWhitespaceAndEitherKeyOrder() {
        assertEquals(Vocabulary.of("a b"), Vocabulary.fromJson(" {\n  \"codePoints\" : [ 32 , 97, 98 ],\n  \"format\": 1\n}\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "{", "[]", "{}", "{\"format\":1}", "{\"codePoints\":[10]}", "{\"format\":1,\"codePoints\":[]}",
            "{\"format\":1,\"codePoints\":[10,10]}", "{\"format\":1,\"codePoints\":[32,10]}",
            "{\"format\":1,\"codePoints\":[-1]}", "{\"format\":1,\"codePoints\":[1114112]}",
            "{\"format\":1,\"codePoints\":[99999999999]}", "{\"format\":1,\"codePoints\":[10,]}",
            "{\"format\":1,\"codePoints\":[10]} trailing", "{\"format\":1,\"codePoints\":[10],\"extra\":2}",
            "{\"format\":1,\"format\":1,\"codePoints\":[10]}", "{\"format\":\"1\",\"codePoints\":[10]}",
            "{\"format\":2,\"codePoints\":[10]}", "{'format':1,'codePoints':[10]}", "{\"format\":1,\"codePoints\":[1.5]}",
            "{\"format\":1.0,\"codePoints\":[10]}", "{\"format\":1,\"codePoints\":[10.0]}", "{\"format\":1,\"codePoints\":[\"a\"]}",
            "{\"format\":1,\"codePoints\":10}", "{\"format\":1,\"codePoints\":[10],\"codePoints\":[10]}",
            "{\"format\":1,\"codePoints\":[null]}", "{\"format\":1,\"codePoints\":[10]}{}", "null"
    })
    void malformedJsonIsRefused(String json) {
        BadInputException e = assertThrows(BadInputException.class, () -> Vocabulary.fromJson(json));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void equalityIsByCharacters() {
        assertEquals(Vocabulary.of("abc"), Vocabulary.of("cba cba".replace(" ", "")));
        assertNotEquals(Vocabulary.of("abc"), Vocabulary.of("abd"));
    }

    @Test
    void emptyTextHasNoVocabulary() {
        assertThrows(BadInputException.class, () -> Vocabulary.of(""));
    }

    @Test
    void idsOutsideTheVocabularyAreAProgrammingError() {
        Vocabulary vocabulary = Vocabulary.of("ab");
        assertThrows(IllegalArgumentException.class, () -> vocabulary.codePointAt(2));
        assertThrows(IllegalArgumentException.class, () -> vocabulary.codePointAt(-1));
    }

    private static String decode(Vocabulary vocabulary, int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.appendCodePoint(vocabulary.codePointAt(id));
        }
        return text.toString();
    }
}
