package dev.chargpt.ui;

import java.io.PrintStream;

/** The one line printed when the UI listens beyond this machine: it has no authentication. */
public final class UiWarning {
    private UiWarning() {
    }

    public static void unauthenticated(UiSettings settings, PrintStream out) {
        if (!settings.loopback()) {
            out.println("warning: the training UI listens on " + settings.host() + " and has no authentication:"
                    + " anyone who can reach that address sees the run");
        }
    }
}
