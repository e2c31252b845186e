package dev.chargpt.sample;

import java.io.PrintStream;

/** Runs {@code chargpt sample}: loads a checkpoint and streams generated text. */
public final class Sampling {
    private Sampling() {
    }

    public static void run(SampleSettings settings, PrintStream out) {
        throw new UnsupportedOperationException("sample: wiring in progress");
    }
}
