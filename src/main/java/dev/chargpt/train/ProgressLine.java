package dev.chargpt.train;

import dev.chargpt.Durations;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The line that shows training progress: step, epoch, running loss, characters per second, ETA.
 *
 * <p>On a terminal it redraws one line in place (carriage return) at most a few times a second;
 * when the output is a file or a pipe (CI, nohup, Docker logs) it prints a plain line every
 * {@code plainEverySeconds} instead, so logs stay readable and small. The running loss is an
 * exponential moving average, because single-batch losses of 12 windows are noisy.
 */
final class ProgressLine {
    private static final double SMOOTHING = 0.95;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final long plainEveryNanos;
    private final long totalSteps;
    private final int epochs;
    private final long charactersPerStep;
    private final long startNanos = System.nanoTime();
    private final long startStep;
    private long lastShownNanos;
    private double runningLoss = Double.NaN;
    private boolean lineOpen;

    ProgressLine(PrintStream out, boolean terminal, double plainEverySeconds, long startStep, long totalSteps, int epochs,
                 long charactersPerStep) {
        this.out = out;
        this.terminal = terminal;
        this.plainEveryNanos = (long) (plainEverySeconds * 1e9);
        this.startStep = startStep;
        this.totalSteps = totalSteps;
        this.epochs = epochs;
        this.charactersPerStep = charactersPerStep;
        this.lastShownNanos = startNanos;
    }

    void step(long step, int epoch, double loss) {
        runningLoss = Double.isNaN(runningLoss) ? loss : SMOOTHING * runningLoss + (1 - SMOOTHING) * loss;
        long now = System.nanoTime();
        long interval = terminal ? REDRAW_NANOS : plainEveryNanos;
        if (now - lastShownNanos < interval && step != totalSteps) {
            return;
        }
        lastShownNanos = now;
        double seconds = (now - startNanos) / 1e9;
        long done = step - startStep;
        double stepsPerSecond = done / Math.max(seconds, 1e-9);
        double eta = (totalSteps - step) / Math.max(stepsPerSecond, 1e-9);
        String text = String.format(Locale.ROOT, "step %,d/%,d  epoch %d/%d  loss %.4f  %,.0f chars/s  %.0f ms/step  ETA %s",
                step, totalSteps, epoch + 1, epochs, runningLoss, stepsPerSecond * charactersPerStep,
                1000 / Math.max(stepsPerSecond, 1e-9), Durations.format(eta));
        if (terminal) {
            out.print("\r" + text + "   ");
            lineOpen = true;
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Ends the in-place line so that the next message starts on a fresh line. */
    void breakLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
