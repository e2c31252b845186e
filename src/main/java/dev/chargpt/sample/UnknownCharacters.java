package dev.chargpt.sample;

/** What to do with prompt characters the vocabulary does not have. */
public enum UnknownCharacters {
    /** Refuse the prompt with a message listing them: the default, nothing happens silently. */
    REJECT,
    /** Leave them out of the context; only on the user's explicit request. */
    DROP
}
