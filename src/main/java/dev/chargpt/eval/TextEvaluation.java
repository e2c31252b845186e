package dev.chargpt.eval;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The evaluation of a raw text, with what had to be left out of it: characters the vocabulary does
 * not know cannot be scored, and are reported rather than silently skipped.
 *
 * @param evaluation        the loss over the known characters (the unknown ones removed)
 * @param unknownCount      how many characters of the text were unknown (every occurrence)
 * @param unknownCodePoints which distinct code points those were, in order of first appearance
 */
public record TextEvaluation(EvaluationResult evaluation, long unknownCount, Set<Integer> unknownCodePoints) {

    public TextEvaluation {
        // A copy that keeps the order of first appearance and cannot change under the caller.
        unknownCodePoints = Collections.unmodifiableSet(new LinkedHashSet<>(unknownCodePoints));
    }

    /** One line for the user; empty when every character was known. */
    public String unknownSummary() {
        if (unknownCount == 0) {
            return "";
        }
        String listed = unknownCodePoints.stream().limit(20).map(TextEvaluation::describe).collect(Collectors.joining(", "));
        String more = unknownCodePoints.size() > 20 ? " and " + (unknownCodePoints.size() - 20) + " more" : "";
        return unknownCount + " character" + (unknownCount == 1 ? "" : "s") + " outside the vocabulary were left out ("
                + unknownCodePoints.size() + " distinct: " + listed + more + ")";
    }

    static String describe(int codePoint) {
        String number = String.format(Locale.ROOT, "U+%04X", codePoint);
        return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? number : "'" + Character.toString(codePoint) + "' (" + number + ")";
    }
}
