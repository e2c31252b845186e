package dev.chargpt.decoder;

import java.util.Arrays;

/**
 * The newest (at most) blockSize character ids, oldest first, kept by a {@link ContextPolicy}: the
 * bookkeeping both {@link NextCharacterModel} implementations share, so they drop characters in
 * exactly the same way.
 */
final class ContextWindow {
    private final int[] ids;
    private final int vocabSize;
    private final ContextPolicy policy;
    private int length;

    ContextWindow(int blockSize, int vocabSize, ContextPolicy policy) {
        this.ids = new int[blockSize];
        this.vocabSize = vocabSize;
        this.policy = policy;
    }

    void reset(int[] context) {
        if (context.length < 1 || context.length > ids.length) {
            throw new IllegalArgumentException("a context needs 1 to " + ids.length + " ids, got " + context.length);
        }
        for (int id : context) {
            checkId(id);
        }
        Arrays.fill(ids, 0);
        System.arraycopy(context, 0, ids, 0, context.length);
        length = context.length;
    }

    /**
     * Appends {@code id}. Returns true if the window was full, so old ids fell out and every id left
     * moved to a new position (the policy says how many fell out): then nothing cached is valid.
     */
    boolean push(int id) {
        if (length == 0) {
            throw new IllegalStateException("call start(context) before append(id)");
        }
        checkId(id);
        if (length < ids.length) {
            ids[length++] = id;
            return false;
        }
        int keep = policy == ContextPolicy.EXACT ? ids.length : ContextPolicy.shiftKeeps(ids.length);
        System.arraycopy(ids, ids.length - keep + 1, ids, 0, keep - 1);
        ids[keep - 1] = id;
        Arrays.fill(ids, keep, ids.length, 0);
        length = keep;
        return true;
    }

    int length() {
        return length;
    }

    int capacity() {
        return ids.length;
    }

    int id(int position) {
        return ids[position];
    }

    /** All blockSize slots: the context left-aligned, then zeros (id 0) after it. */
    int[] paddedIds() {
        return ids;
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary of " + vocabSize + " characters");
        }
    }
}
