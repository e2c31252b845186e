package dev.chargpt.train;

import dev.chargpt.Durations;
import dev.chargpt.ResidentMemory;
import dev.chargpt.Setting;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Everything a training run prints, in one place: what it trains, the progress line, each
 * validation, each epoch's summary and sample, and the end. Settings it mentions ("pass a larger
 * --epochs") are named by the caller's {@code flags}, since only the command line knows its flags.
 */
final class TrainingReport {
    private static final double LN2 = Math.log(2);
    /** Seconds between plain progress lines when the output is a file or a pipe. */
    private static final double PLAIN_PROGRESS_SECONDS = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final Function<Setting, String> flags;
    private ProgressLine progress;

    TrainingReport(PrintStream out, boolean terminal, Function<Setting, String> flags) {
        this.out = out;
        this.terminal = terminal;
        this.flags = flags;
    }

    void line(String text) {
        out.println(Setting.render(text, flags));
    }

    void startProgress(long step, long lastStep, int epochs, long charactersPerStep) {
        progress = new ProgressLine(out, terminal, PLAIN_PROGRESS_SECONDS, step, lastStep, epochs, charactersPerStep);
    }

    void step(long step, int epoch, double loss) {
        progress.step(step, epoch, loss);
    }

    /** Ends an in-place progress line, so that the next message starts on a fresh line. */
    void breakLine() {
        if (progress != null) {
            progress.breakLine();
        }
    }

    void nothingToDo(long step, long lastStep, boolean stepLimited) {
        line(String.format(Locale.ROOT, "nothing to do: the run is at step %,d of %,d; pass a larger %s%s", step, lastStep,
                stepLimited ? Setting.MAX_STEPS : Setting.EPOCHS, stepLimited ? "" : " to train further"));
    }

    void validation(long step, Validation.Result result, double seconds) {
        breakLine();
        out.printf(Locale.ROOT, "step %,d: validation loss %.4f nats/char (%.3f bits/char%s)%s, %s elapsed%n",
                step, result.loss(), result.loss() / LN2,
                result.whole() ? "" : String.format(Locale.ROOT, "; %,d of its %,d windows", result.windows(), result.ofWindows()),
                result.improved() ? ", best so far" : "", Durations.format(seconds));
    }

    void epochEnd(int epoch, int epochs, boolean epochDone, int batch, long step, double trainLoss,
                  Validation.Result result, double seconds) {
        String memory = ResidentMemory.describe(); // printed per epoch so growth would show
        line(String.format(Locale.ROOT, "epoch %d/%d%s: step %,d, train loss %.4f, validation loss %.4f nats/char (%.3f bits/char)%s, %s elapsed%s",
                epoch + 1, epochs, epochDone ? "" : " (stopped by " + Setting.MAX_STEPS + " at batch " + batch + ")",
                step, trainLoss, result.loss(), result.loss() / LN2, result.improved() ? ", best so far" : "",
                Durations.format(seconds), memory.isEmpty() ? "" : ", " + memory));
    }

    void sample(int epoch, boolean epochDone, long seed, String text) {
        if (!text.isEmpty()) {
            out.printf(Locale.ROOT, "---- sample after epoch %d%s (seed %d) ----%n%s%n----%n", epoch + 1,
                    epochDone ? "" : " (part)", seed, text);
        }
    }

    /**
     * The run's last lines: its best validation loss and what it wrote. A run that ends before its
     * first validation (resumed with a --max-steps it had already passed, say) has no loss and
     * perhaps no best checkpoint or chart yet: only what exists is named.
     *
     * @param bestEstimated whether {@code best} is a mid-run point's estimate; the line then also gives
     *                      {@code last}, the end's loss on the whole validation split
     */
    void done(double best, boolean bestEstimated, double last, long step, double seconds, Path latest, Path bestCheckpoint,
              Path chart) {
        String loss = Double.isNaN(best) ? "no validation loss yet"
                : String.format(Locale.ROOT, "best validation loss %.4f nats/char (%.3f bits/char)", best, best / LN2);
        if (bestEstimated && Double.isFinite(last)) {
            loss += String.format(Locale.ROOT, " estimated at a mid-run point, %.4f on the whole split at the end", last);
        }
        out.printf(Locale.ROOT, "done: %s, %,d %s in %s%n", loss, step, step == 1 ? "step" : "steps", Durations.format(seconds));
        if (Files.exists(latest)) {
            out.printf(Locale.ROOT, "checkpoints: %s (latest)%s%n", latest,
                    Files.exists(bestCheckpoint) ? ", " + bestCheckpoint + " (best)" : "");
        }
        if (Files.exists(chart)) {
            out.printf(Locale.ROOT, "chart: %s%n", chart);
        }
    }
}
