package dev.chargpt.cli;

import dev.chargpt.train.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) and SIGTERM while {@code train} runs. The JVM's own answer is to exit at once,
 * losing everything since the last checkpoint (up to an epoch). Instead, the first signal asks
 * the loop to finish its step and save ({@link StopRequest}); a second one, for a user who will not
 * wait, ends the process at once, which is safe because checkpoints are written atomically.
 *
 * <p>{@code sun.misc.Signal} is the JDK's supported-but-unofficial signal API (module
 * jdk.unsupported, exported to every application): Java has no other way to catch SIGINT without
 * starting shutdown. The handlers in place before are put back by {@link #close}.
 */
final class StopSignals implements StopRequest, AutoCloseable {
    private static final Map<String, Signal> STOPPING = Map.of(
            "INT", new Signal("Ctrl-C (SIGINT)", 130),
            "TERM", new Signal("SIGTERM", 143));
    /** How to send each signal a second time: a SIGTERM comes from kill or docker stop, not a keyboard. */
    private static final Map<Signal, String> AGAIN = Map.of(
            STOPPING.get("INT"), "press Ctrl-C again",
            STOPPING.get("TERM"), "send SIGTERM again");

    private final AtomicReference<Signal> received = new AtomicReference<>();
    private final Map<sun.misc.Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {
    }

    static StopSignals install() {
        StopSignals signals = new StopSignals();
        STOPPING.forEach((name, signal) -> {
            sun.misc.Signal os = new sun.misc.Signal(name);
            signals.previous.put(os, sun.misc.Signal.handle(os, ignored -> signals.receive(signal)));
        });
        return signals;
    }

    private void receive(Signal signal) {
        if (!received.compareAndSet(null, signal)) {
            Runtime.getRuntime().halt(received.get().exitCode());
        }
        System.err.println();
        System.err.println(message(signal));
    }

    static String message(Signal signal) {
        return "chargpt: " + signal.name() + ": saving after this step; " + AGAIN.get(signal) + " to quit at once";
    }

    @Override
    public Signal pending() {
        return received.get();
    }

    @Override
    public void close() {
        previous.forEach(sun.misc.Signal::handle);
    }
}
