package dev.chargpt.ui;

import java.io.PrintStream;

/**
 * The one line printed when a server of chargpt listens beyond this machine: neither DL4J's training
 * UI nor {@code chargpt serve} has authentication.
 */
public final class UiWarning {
    private UiWarning() {
    }

    public static void unauthenticated(UiSettings settings, PrintStream out) {
        unauthenticated("the training UI", settings.host(), "sees the run", out);
    }

    /**
     * @param server  what listens, as a sentence's subject: "the training UI"
     * @param exposes what a stranger could do, after "anyone who can reach that address": "sees the run"
     */
    public static void unauthenticated(String server, String host, String exposes, PrintStream out) {
        if (!loopback(host)) {
            out.println("warning: " + server + " listens on " + host + " and has no authentication:"
                    + " anyone who can reach that address " + exposes);
        }
    }

    /** Whether {@code host} names this machine's loopback interface, which no other machine reaches. */
    public static boolean loopback(String host) {
        return host.equals(TrainingUi.LOOPBACK) || host.equals("localhost") || host.equals("::1");
    }
}
