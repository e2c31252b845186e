package dev.chargpt.serve;

import dev.chargpt.checkpoint.Checkpoint;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.ui.UiWarning;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@code chargpt serve}: loads the checkpoint, serves the page until Ctrl-C (or SIGTERM), then
 * stops cleanly: no new connections, every running generation ended (its stream says so), the port
 * closed, one line printed.
 */
public final class Serving {
    private Serving() {
    }

    /**
     * Serves until Ctrl-C or until the thread is interrupted (how a test stops it); both run the same
     * closing, and an interrupted serve returns normally.
     */
    public static void run(ServeSettings settings, PrintStream out, PrintStream err) {
        RunDirectory run = new RunDirectory(settings.model());
        Checkpoint checkpoint = CheckpointFile.read(run.checkpoint(settings.checkpoint()));
        PageServer server = PageServer.start(checkpoint, run.name(), settings.checkpoint(), settings.host(), settings.port(),
                settings.limits(), problem -> err.println("chargpt serve: " + problem));
        Runnable stop = closing(server, out);
        Thread onCtrlC = new Thread(stop, "chargpt-serve-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        boolean interrupted = false;
        try {
            ModelConfig model = checkpoint.config().model();
            out.printf(Locale.ROOT, "chargpt serve: %s (run %s, %s checkpoint: %d layers x %d heads x %d, block %d;"
                            + " Ctrl-C to stop)%n", server.url(), run.name(), settings.checkpoint(), model.layers(),
                    model.heads(), model.width(), model.blockSize());
            UiWarning.unauthenticated("chargpt serve", settings.host(),
                    "can use the model, and this machine's cores with it", out);
            out.flush();
            new CountDownLatch(1).await(); // until Ctrl-C (the shutdown hook closes) or an interrupt
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to remove
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the server and says so; once, whoever calls it first (the shutdown hook or run). */
    private static Runnable closing(PageServer server, PrintStream out) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                int cut = server.generationsRunning();
                server.close();
                out.println("chargpt serve stopped" + (cut == 0 ? "" : " (" + cut + (cut == 1 ? " generation" : " generations")
                        + " cut short)"));
                out.flush();
            }
        };
    }
}
