package dev.chargpt.decoder;

import java.util.Locale;

/**
 * What happens to the context once it holds blockSize characters and one more arrives.
 *
 * <p>The network has learned position embeddings, so every cached key and value belongs to one
 * position. Dropping the oldest character moves every other one to a new position and makes the
 * whole cache stale; the two policies pay for that differently.
 */
public enum ContextPolicy {
    /**
     * Slide by one, as nanoGPT's {@code generate} does: every character is predicted from the last
     * blockSize characters, and every character after the first blockSize costs a forward pass of
     * the whole window.
     */
    EXACT("exact"),
    /**
     * Keep the newest half of the window, moved to positions 0.., recompute that half once, then go
     * on one cached row per character until the window is full again (llama.cpp's "context shift").
     * Every character is still predicted from at least blockSize / 2 characters (more than the
     * average window position the validation loss is measured at), at a fraction of the cost: one
     * half-window pass per blockSize / 2 characters instead of a full pass per character.
     */
    SHIFT("shift");

    private final String cliName;

    ContextPolicy(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** How many of the newest ids {@link #SHIFT} keeps of a full window: half, at least one. */
    static int shiftKeeps(int blockSize) {
        return Math.max(1, blockSize / 2);
    }

    /** @throws IllegalArgumentException naming the choices, for an unknown name */
    public static ContextPolicy fromCliName(String name) {
        for (ContextPolicy policy : values()) {
            if (policy.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown context policy '" + name + "'; choose exact or shift");
    }
}
