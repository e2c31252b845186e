package dev.chargpt.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one zip entry, but never more than a cap. The size a zip header declares is the writer's
 * claim, not a fact: a "zip bomb" declares a few bytes and inflates to gigabytes. So the bytes are
 * counted as they come out of the inflater, and reading stops at the first byte past the cap: at
 * most cap + 1 bytes are ever inflated or held.
 */
final class BoundedRead {
    private static final int CHUNK = 64 * 1024;

    private BoundedRead() {
    }

    /**
     * @param cap   the most bytes the entry may inflate to; at most {@code Integer.MAX_VALUE - 8}, a Java array's limit
     * @param entry how messages name the entry
     */
    static byte[] bytes(InputStream in, long cap, String entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap + 1, CHUNK));
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(chunk, 0, (int) Math.min(CHUNK, cap + 1 - total))) != -1) {
            total += n;
            if (total > cap) {
                throw new CheckpointRefusal(entry + " inflates to more than " + String.format("%,d", cap)
                        + " bytes, more than a chargpt checkpoint of this model holds");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
