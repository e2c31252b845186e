package dev.chargpt.train;

/**
 * Asks a training run to stop early, keeping its work: the loop looks after every step, and when a
 * stop is pending it saves {@code latest.zip} at exactly that position and ends with
 * {@link TrainingStopped}. The command line answers Ctrl-C and SIGTERM through it.
 */
@FunctionalInterface
public interface StopRequest {
    /** Never asks; for runs nobody can interrupt (tests, programs). */
    StopRequest NEVER = () -> null;

    /** @return the signal that asked to stop, or {@code null} while none has */
    Signal pending();

    /**
     * A signal that stops training.
     *
     * @param name     as the user knows it: "Ctrl-C (SIGINT)"
     * @param exitCode what the process exits with: 128 + the signal's number, as shells report it
     */
    record Signal(String name, int exitCode) {
    }
}
