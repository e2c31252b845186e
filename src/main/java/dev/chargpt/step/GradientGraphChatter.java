package dev.chargpt.step;

import java.io.PrintStream;

/**
 * Silences SameDiff's "Added differentiated op ..." lines. In M2.1 they are not logged but written
 * with {@code System.out.println} while the gradient graph of each layer is built (the first fit
 * after start or resume: about 40 lines per layer), so no logger setting can turn them off. This
 * swaps {@code System.out} for a stream that drops exactly those lines and passes all else through.
 */
public final class GradientGraphChatter {
    private static final String PREFIX = "Added differentiated op ";

    private GradientGraphChatter() {
    }

    public static synchronized void silence() {
        if (System.out instanceof Filtered) {
            return;
        }
        System.setOut(new Filtered(System.out));
    }

    private static final class Filtered extends PrintStream {
        Filtered(PrintStream target) {
            super(target, true);
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(PREFIX)) {
                super.println(line);
            }
        }
    }
}
