package dev.chargpt.ui;

/**
 * Where the training UI listens and how often the run's statistics are collected.
 *
 * @param every collect every that many optimizer steps (the score, parameters, gradients and updates of that step)
 */
public record UiSettings(String host, int port, int every) {
    /**
     * A report costs about half a second on cpu-small (histograms and magnitudes of every parameter,
     * gradient and update): every 10 steps made the default run's step 20% slower (docs/training-ui.md, "Watching a
     * run"); every 50 keeps it to a few percent and still draws 58 points over the default run.
     */
    public static final int DEFAULT_EVERY = 50;

    public boolean loopback() {
        return UiWarning.loopback(host);
    }
}
