package dev.chargpt.ui;

import dev.chargpt.step.StepListeners;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code chargpt train --ui}: the run's stats file, DL4J's StatsListener writing to it every
 * {@link UiSettings#every()} steps ({@link RunStats}), and the training UI showing it. The session is
 * named after the run directory and the worker is always {@link RunStats#WORKER}, so a resumed run
 * continues the same session in the same file.
 */
public final class LiveStats implements AutoCloseable {
    private final FileStatsStorage storage;
    private final TrainingUi ui;
    private final StepListeners listeners;

    private LiveStats(FileStatsStorage storage, TrainingUi ui, StepListeners listeners) {
        this.storage = storage;
        this.ui = ui;
        this.listeners = listeners;
    }

    /** Opens the stats file, starts the UI and prints its address (and a warning off loopback). */
    public static LiveStats start(UiSettings settings, Path runDirectory, MultiLayerNetwork network, PrintStream out) {
        FileStatsStorage storage = StatsFile.forTraining(StatsFile.in(runDirectory), out::println);
        TrainingUi ui;
        try {
            ui = TrainingUi.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        ui.attach(storage);
        String session = runDirectory.toAbsolutePath().normalize().getFileName().toString();
        TrainingListener listener = RunStats.listener(storage, network, session, settings.every());
        out.println("training UI: " + ui.url() + " (statistics every " + settings.every() + " steps, kept in "
                + StatsFile.in(runDirectory) + ")");
        UiWarning.unauthenticated(settings, out);
        return new LiveStats(storage, ui, new StepListeners(List.of(listener), out::println));
    }

    public StepListeners listeners() {
        return listeners;
    }

    @Override
    public void close() {
        ui.close();
        storage.close();
    }
}
