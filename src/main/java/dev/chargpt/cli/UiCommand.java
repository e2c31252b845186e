package dev.chargpt.cli;

import dev.chargpt.ui.StatsFile;
import dev.chargpt.ui.TrainingUi;
import dev.chargpt.ui.UiSettings;
import dev.chargpt.ui.UiWarning;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code chargpt ui --model A [--model B ...]}: DL4J's training UI over the statistics that
 * {@code chargpt train --ui} kept in each run directory, one session per run, until Ctrl-C.
 */
final class UiCommand implements RunReadingCommand {

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(Option.builder().longOpt("model").hasArg().argName("DIR").required()
                    .desc("a run directory trained with --ui (required); repeat it to show several runs").build())
            .addOption(Flags.valued("ui-port", "N", "the UI's port (default: " + TrainingUi.DEFAULT_PORT + ")"))
            .addOption(Flags.valued("ui-host", "ADDRESS", "the address the UI listens on (default: " + TrainingUi.LOOPBACK
                    + "); the UI has no authentication, so any other address is a warning")));

    @Override
    public String name() {
        return "ui";
    }

    @Override
    public String summary() {
        return "show runs trained with --ui in DL4J's training UI, from their statistics files";
    }

    @Override
    public String description() {
        return "Serves DL4J's training UI (score against step, update:weight ratios, learning rate, the layers,\n"
                + "memory) over the statistics a run trained with --ui keeps in <run>/" + StatsFile.NAME + ", until Ctrl-C.\n"
                + "A run still training is shown as it was when this command started.";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt ui --model models/my-run", "http://127.0.0.1:9000/train/overview"),
                new Example("chargpt ui --model models/a --model models/b --ui-port 9001", "two runs, chosen in the UI's session list"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        List<Path> runs = Arrays.stream(line.getOptionValues("model"))
                .map(dir -> InputPaths.runDirectory(Path.of(dir), "model")).toList();
        UiSettings ui = UiFlags.read(values);
        return new Invocation() {
            @Override
            public boolean usesNd4j() {
                return true;
            }

            @Override
            public void run(PrintStream out) {
                serve(runs, ui, out);
            }
        };
    }

    /**
     * Serves until Ctrl-C or until the thread is interrupted (how a test stops it): either way the
     * server and the stats files are closed, and an interrupted serve returns normally.
     */
    static void serve(List<Path> runs, UiSettings settings, PrintStream out) {
        List<FileStatsStorage> storages = new ArrayList<>();
        TrainingUi ui;
        try {
            for (Path run : runs) {
                storages.add(StatsFile.forReading(run)); // every file checked before the server starts
            }
            ui = TrainingUi.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            storages.forEach(FileStatsStorage::close);
            throw e;
        }
        storages.forEach(ui::attach);
        Runnable stop = closing(ui, storages);
        Thread onCtrlC = new Thread(stop, "chargpt-ui-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        boolean interrupted = false;
        try {
            out.println("training UI: " + ui.url() + " (" + runs.size() + (runs.size() == 1 ? " run" : " runs")
                    + "; Ctrl-C to stop)");
            UiWarning.unauthenticated(settings, out);
            out.flush();
            new CountDownLatch(1).await(); // until Ctrl-C (the shutdown hook closes) or an interrupt
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            stop.run(); // waits until the server has stopped listening
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to remove
            }
        }
        out.println("training UI stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server, then closes the stats files; once, whoever calls it first (the shutdown hook or serve). */
    private static Runnable closing(TrainingUi ui, List<FileStatsStorage> storages) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                ui.close();
                storages.forEach(FileStatsStorage::close);
            }
        };
    }
}
