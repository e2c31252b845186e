package dev.chargpt.serve;

import dev.chargpt.sample.TokenSampler;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * What the model predicted at one position: its own distribution over the next character
 * (temperature 1, nothing cut: the probabilities {@code eval} scores), and from it the likeliest
 * characters and the loss of the one that came next.
 */
final class NextCharacters {
    /** Temperature 1, no top-k, no top-p: the model's distribution as it is. Draws no random number. */
    private static final TokenSampler MODELS_OWN = new TokenSampler(1.0, 0, 1.0, 0);

    private final double[] probabilities;

    NextCharacters(double[] logits) {
        this.probabilities = MODELS_OWN.distribution(logits);
    }

    double probability(int id) {
        return probabilities[id];
    }

    /** The loss of {@code id} coming next, in bits: {@code -log2 p}; {@code eval}'s bits per character are its mean. */
    double bits(int id) {
        return -Math.log(probabilities[id]) / Math.log(2);
    }

    /** The {@code count} likeliest ids, likeliest first (the lower id first among equals). */
    int[] likeliest(int count) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble((Integer id) -> -probabilities[id]).thenComparing(id -> id))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }
}
