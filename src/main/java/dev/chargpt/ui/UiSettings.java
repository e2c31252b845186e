package dev.chargpt.ui;

/**
 * Where the training UI listens and how often the run's statistics are collected.
 *
 * @param every collect every that many optimizer steps (the score, parameters, gradients and updates of that step)
 */
public record UiSettings(String host, int port, int every) {
    public static final int DEFAULT_EVERY = 10;

    public boolean loopback() {
        return host.equals(TrainingUi.LOOPBACK) || host.equals("localhost") || host.equals("::1");
    }
}
