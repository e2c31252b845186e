package dev.chargpt.cli;

import dev.chargpt.BadInputException;
import dev.chargpt.chart.LossChart;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.history.BestValidation;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code chargpt chart}: draws a run's loss chart again from its history file, the same picture
 * the training loop draws after each epoch. Needs no ND4J, so it works while a run is training.
 */
final class ChartCommand implements RunReadingCommand {

    private final Options options = Flags.withCommonOptions(new Options()
            .addOption(RunReadingCommand.modelOption())
            .addOption(Flags.valued("out", "PNG", "where to write the chart (default: "
                    + RunDirectory.defaultChart() + ", where training draws it)")));

    @Override
    public String name() {
        return "chart";
    }

    @Override
    public String summary() {
        return "draw a run's loss chart again from its loss history";
    }

    @Override
    public String description() {
        return "Reads the run's loss history (" + new RunDirectory(Path.of("<run>")).history()
                + ") and draws the training and validation\n"
                + "loss, in nats and bits per character, with the best validation loss marked, as a PNG.\n"
                + "Safe on a machine without a display, and while the run is training.";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public List<Example> examples() {
        return List.of(
                new Example("chargpt chart --model models/my-run", "writes charts/my-run/loss.png"),
                new Example("chargpt chart --model models/my-run --out /tmp/my-run.png", "writes it elsewhere"));
    }

    @Override
    public Invocation bind(CommandLine line) {
        OptionValues values = new OptionValues(line);
        RunDirectory run = new RunDirectory(RunReadingCommand.model(values));
        Path png = values.path("out", run.chartIn(RunDirectory.DEFAULT_CHARTS_DIR));
        return new Invocation() {
            @Override
            public boolean usesNd4j() {
                return false;
            }

            @Override
            public Path writesTo() {
                return png.toAbsolutePath().getParent();
            }

            @Override
            public void run(PrintStream out) {
                render(run, png, out);
            }
        };
    }

    private static void render(RunDirectory run, Path png, PrintStream out) {
        Path historyFile = run.history();
        LossHistory history = new LossHistory(historyFile);
        List<LossRecord> rows = history.readAll();
        if (rows.isEmpty()) {
            throw new BadInputException("no loss history to chart: " + historyFile.toAbsolutePath()
                    + " is missing or empty; train first (chargpt train --out " + run.path() + ") or check --model");
        }
        LossChart.render(rows, run.chartTitle(), png);
        LossRecord last = rows.get(rows.size() - 1);
        String best = BestValidation.of(rows)
                .map(row -> String.format(Locale.ROOT, ", best validation loss %.4f nats", row.validationLoss()))
                .orElse("");
        out.println("wrote " + png.toAbsolutePath() + String.format(Locale.ROOT, " (%d rows up to step %d%s)",
                rows.size(), last.step(), best));
    }
}
