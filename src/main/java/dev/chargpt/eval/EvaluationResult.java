package dev.chargpt.eval;

import java.util.Locale;

/**
 * How well a model predicts a text, in the project's one loss unit.
 *
 * @param meanNats          mean cross-entropy per scored character, in nats (natural log), the number
 *                          nanoGPT reports (its shakespeare_char baseline: 1.4697)
 * @param charactersScored  how many characters were predicted: every character but the first
 */
public record EvaluationResult(double meanNats, long charactersScored) {

    /** nats / ln 2: the same loss in bits, comparable with compression results. */
    public double bitsPerCharacter() {
        return meanNats / Math.log(2);
    }

    /** exp(nats): the effective number of equally likely choices per character. */
    public double perplexity() {
        return Math.exp(meanNats);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f nats/char, %.4f bits/char, perplexity %.3f over %d characters",
                meanNats, bitsPerCharacter(), perplexity(), charactersScored);
    }
}
