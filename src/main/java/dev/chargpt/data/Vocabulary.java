package dev.chargpt.data;

import dev.chargpt.BadInputException;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The characters a model knows and their ids. Characters are Unicode code points, not UTF-16
 * {@code char}s, so accents, CJK and emoji (surrogate pairs) each count as one character and
 * round-trip exactly. Ids are positions in the sorted list of code points, as in nanoGPT's
 * {@code sorted(set(text))}, so the same text always gives the same ids. The vocabulary is
 * data: it is saved with every checkpoint ({@link #toJson()}) and every size derives from it.
 */
public final class Vocabulary {

    /** How many unknown characters an error message lists before it just counts the rest. */
    private static final int MAX_LISTED_UNKNOWN = 10;

    private final int[] codePoints; // sorted, distinct

    private Vocabulary(int[] sortedDistinctCodePoints) {
        this.codePoints = sortedDistinctCodePoints;
    }

    /** Every distinct code point of {@code text}, in ascending order. */
    public static Vocabulary of(String text) {
        int[] distinct = text.codePoints().distinct().sorted().toArray();
        if (distinct.length == 0) {
            throw new BadInputException("cannot build a vocabulary from empty text; pass a corpus that contains text");
        }
        return new Vocabulary(distinct);
    }

    /** For {@link VocabularyJson}: the caller guarantees sorted, distinct, valid code points. */
    static Vocabulary ofSortedDistinct(int[] codePoints) {
        return new Vocabulary(codePoints.clone());
    }

    /**
     * Every code point of this vocabulary and of {@code other}, ascending: a model started from one
     * corpus and fine-tuned on another knows the characters of both.
     */
    public Vocabulary union(Vocabulary other) {
        return new Vocabulary(IntStream.concat(Arrays.stream(codePoints), Arrays.stream(other.codePoints))
                .distinct().sorted().toArray());
    }

    public int size() {
        return codePoints.length;
    }

    /** The id of {@code codePoint}, or -1 if it is not in the vocabulary. */
    public int idOf(int codePoint) {
        int index = Arrays.binarySearch(codePoints, codePoint);
        return index >= 0 ? index : -1;
    }

    public int codePointAt(int id) {
        checkId(id);
        return codePoints[id];
    }

    public boolean contains(int codePoint) {
        return idOf(codePoint) >= 0;
    }

    /**
     * The ids of {@code text}, one per code point.
     *
     * @throws BadInputException listing the characters the vocabulary does not have
     */
    public int[] encode(String text) {
        Set<Integer> unknown = unknownCodePoints(text);
        if (!unknown.isEmpty()) {
            throw new BadInputException(unknownMessage(unknown));
        }
        return encodeDropping(text);
    }

    /** The ids of {@code text}, silently skipping characters the vocabulary does not have. */
    public int[] encodeDropping(String text) {
        return text.codePoints().map(this::idOf).filter(id -> id >= 0).toArray();
    }

    /** The code points of {@code text} that the vocabulary lacks, in order of first appearance. */
    public Set<Integer> unknownCodePoints(String text) {
        Set<Integer> unknown = new LinkedHashSet<>();
        text.codePoints().filter(cp -> !contains(cp)).forEach(unknown::add);
        return Collections.unmodifiableSet(unknown);
    }

    /** {@code {"format":1,"codePoints":[10,32,...]}}: numbers, so no character needs escaping. */
    public String toJson() {
        return VocabularyJson.write(codePoints);
    }

    /** @throws BadInputException if {@code json} is not a vocabulary written by {@link #toJson()} */
    public static Vocabulary fromJson(String json) {
        return VocabularyJson.read(json);
    }

    private void checkId(int id) {
        if (id < 0 || id >= codePoints.length) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary of " + codePoints.length + " characters");
        }
    }

    private String unknownMessage(Set<Integer> unknown) {
        String listed = unknown.stream().limit(MAX_LISTED_UNKNOWN).map(Vocabulary::describe).collect(Collectors.joining(", "));
        String more = unknown.size() > MAX_LISTED_UNKNOWN ? " and " + (unknown.size() - MAX_LISTED_UNKNOWN) + " more" : "";
        return "the text has " + unknown.size() + " character" + (unknown.size() == 1 ? "" : "s")
                + " that the vocabulary (" + size() + " characters) does not know: " + listed + more
                + "; remove or replace them";
    }

    /** {@code 'é' (U+00E9)}; control and other invisible characters as just their number, to keep one line. */
    static String describe(int codePoint) {
        String number = String.format(Locale.ROOT, "U+%04X", codePoint);
        return isVisible(codePoint) ? "'" + Character.toString(codePoint) + "' (" + number + ")" : number;
    }

    private static boolean isVisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Vocabulary that && Arrays.equals(codePoints, that.codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "Vocabulary[" + codePoints.length + " characters]";
    }
}
