package dev.chargpt.eval;

import java.io.PrintStream;

/** Runs {@code chargpt eval}: loads a checkpoint and scores it on a text. */
public final class Evaluation {
    private Evaluation() {
    }

    public static void run(EvalSettings settings, PrintStream out) {
        throw new UnsupportedOperationException("eval: wiring in progress");
    }
}
