package dev.chargpt.sample;

import java.util.Arrays;

/**
 * The last (at most) blockSize character ids, oldest first: the bookkeeping both
 * {@link NextCharacterModel} implementations share, so they slide in exactly the same way.
 */
final class ContextWindow {
    private final int[] ids;
    private final int vocabSize;
    private int length;

    ContextWindow(int blockSize, int vocabSize) {
        this.ids = new int[blockSize];
        this.vocabSize = vocabSize;
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

    /** Appends {@code id}; returns true if the window was full and its oldest id fell out. */
    boolean push(int id) {
        if (length == 0) {
            throw new IllegalStateException("call start(context) before append(id)");
        }
        checkId(id);
        if (length < ids.length) {
            ids[length++] = id;
            return false;
        }
        System.arraycopy(ids, 1, ids, 0, ids.length - 1);
        ids[ids.length - 1] = id;
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
