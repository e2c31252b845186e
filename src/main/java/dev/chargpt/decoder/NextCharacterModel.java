package dev.chargpt.decoder;

/**
 * A language model seen one character at a time: it holds a context of at most
 * {@link #blockSize()} character ids and gives the logits of the character that follows it.
 *
 * <p>Contract shared by every implementation, so they are interchangeable: the logits condition on
 * the ids the context holds, placed at positions 0, 1, ... (the way the network was trained). The
 * context holds the last {@code min(n, blockSize)} ids seen until it is full; then the
 * {@link ContextPolicy} given at construction decides which of the newest ids {@link #append} keeps.
 * Implementations are stateful and not thread-safe.
 */
public interface NextCharacterModel {

    int blockSize();

    int vocabSize();

    /**
     * Forgets any previous context and starts from {@code context}.
     *
     * @param context 1 to {@link #blockSize()} ids (callers keep the last blockSize of a longer prompt)
     * @return logits (unnormalised log-probabilities) of the next character, one per id
     */
    double[] start(int[] context);

    /**
     * Appends {@code id} to the context (dropping old ids, as the policy says, when the context is full).
     *
     * @return logits of the character after {@code id}
     * @throws IllegalStateException before the first {@link #start}
     */
    double[] append(int id);

    /**
     * How many ids the context holds now: the characters the last logits were computed from (the
     * newest of them last). It shrinks when a full window drops old ids, as the policy says.
     */
    int contextLength();
}
