package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.checkpoint.TrainingState;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.decoder.OneGraphLogits;
import dev.chargpt.eval.NgramBaseline;
import dev.chargpt.eval.SubsetEstimator;
import dev.chargpt.eval.ParallelTextEvaluator;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Locale;

/**
 * The work at a validation point: the validation loss of the weights in use ({@link TrainedWeights}),
 * its history row, the latest checkpoint at this point of the run and, if the loss improved, the best
 * one. It keeps the best and the last validation loss, which the checkpoint's state records.
 * Validation only reads the network, so it changes nothing in training.
 *
 * <p>Epoch ends and the run's end score the whole validation split; a mid-run point
 * ({@code --eval-every}) scores a fixed, seeded choice of its windows ({@link ValidationWindows}) and
 * corrects their mean by how much easier or harder a character n-gram model of the training text
 * finds them than the whole split ({@link SubsetEstimator}): the same windows are hard for both, so
 * the correction takes out most of the choice's luck (benchmarks/README.md, "Validation points,
 * cheaper").
 */
final class Validation implements AutoCloseable {
    /** One validation's loss, whether it was the best so far, and how many windows it scored. */
    record Result(double loss, boolean improved, long windows, long ofWindows) {
        boolean whole() {
            return windows == ofWindows;
        }
    }

    private final RunDirectory directory;
    private final TrainedWeights weights;
    private final RunConfig config;
    private final TrainingData data;
    private final LossHistory history;
    private final ISchedule schedule;
    private final ParallelTextEvaluator evaluator;
    private final long[] midRunWindows;
    /** Turns the mid-run windows' losses into an estimate of the whole split's; made at the first mid-run point. */
    private SubsetEstimator midRunEstimate;
    private final long allWindows;
    private double best;
    /** Whether {@link #best} came from a mid-run point's estimate, not the whole split. */
    private boolean bestEstimated;
    private double last;
    private long lastValidatedStep;

    Validation(RunDirectory directory, TrainedWeights weights, RunConfig config, TrainingData data, LossHistory history,
               ISchedule schedule, TrainingState start, int threads) {
        this.directory = directory;
        this.weights = weights;
        this.config = config;
        this.data = data;
        this.history = history;
        this.schedule = schedule;
        this.best = start.bestValidationLoss();
        this.bestEstimated = start.bestEstimated();
        this.last = start.lastValidationLoss();
        this.lastValidatedStep = start.step();
        // One graph of the weights in use per thread, forward only: about three times network.output's
        // speed. Its arrays are a forward pass's, a fraction of a training step's.
        MultiLayerNetwork inUse = weights.inUse();
        this.evaluator = new ParallelTextEvaluator(() -> new OneGraphLogits(inUse), threads, TextEvaluator.DEFAULT_WINDOWS_PER_BATCH);
        this.allWindows = evaluator.windowCount(data.split().validation().length);
        this.midRunWindows = ValidationWindows.choose(allWindows, ValidationWindows.MID_RUN, config.seed());
    }

    /**
     * Whether a mid-run point at {@code step} is worth its time: not when a validation (an epoch's
     * end) happened fewer than half an interval before, which would only repeat it.
     */
    boolean midRunPointDue(long step, int every) {
        return step - lastValidatedStep >= (every + 1) / 2;
    }

    /**
     * Validates and saves at {@code step}; {@code position} batches of {@code epoch} are done.
     *
     * @param whole score every validation window (epoch ends, the run's end), or the mid-run choice
     */
    Result validateAndSave(long step, int epoch, int position, boolean epochDone, double seconds, boolean whole) {
        int[] validation = data.split().validation();
        weights.inUse(); // the average, if the run keeps one, as of this step
        last = whole ? evaluator.evaluate(validation).meanNats() : midRunEstimate().estimate(evaluator.windowNats(validation, midRunWindows));
        if (!Double.isFinite(last)) {
            throw diverged(step, last);
        }
        lastValidatedStep = step;
        boolean improved = !(best <= last);
        if (improved) {
            best = last;
            bestEstimated = !whole;
        }
        history.append(new LossRecord(step, epoch, Double.NaN, last, schedule.valueAt(weights.training().getIterationCount(), epoch),
                seconds));
        saveLatest(step, epoch, position, epochDone, seconds);
        if (improved) {
            saveBest(step, epoch, position, epochDone, seconds);
        }
        return new Result(last, improved, whole ? allWindows : midRunWindows.length, allWindows);
    }

    /**
     * Saves {@code latest.zip} at this point without validating (a stop on request should not
     * make the user wait for a pass over the validation text); the end-of-epoch work is then still
     * to do, so a resumed run does it, as an uninterrupted one would.
     */
    void saveLatest(long step, int epoch, int position, double seconds) {
        saveLatest(step, epoch, position, false, seconds);
    }

    private void saveLatest(long step, int epoch, int position, boolean epochDone, double seconds) {
        CheckpointFile.write(directory.latest(), weights.training(), config, state(step, epoch, position, epochDone, seconds),
                data.vocabulary(), history.bytes(), weights.average());
    }

    /** The weights validated: as trained (a copy of latest.zip), or the average with them. */
    private void saveBest(long step, int epoch, int position, boolean epochDone, double seconds) {
        if (weights.average() == null) {
            CheckpointFile.copy(directory.latest(), directory.best());
        } else {
            CheckpointFile.write(directory.best(), weights.inUse(), config, state(step, epoch, position, epochDone, seconds),
                    data.vocabulary(), history.bytes(), weights.average());
        }
    }

    /** The n-gram counts take about a second on tiny Shakespeare: paid by runs with mid-run points only. */
    private SubsetEstimator midRunEstimate() {
        if (midRunEstimate == null) {
            midRunEstimate = new SubsetEstimator(new NgramBaseline(data.split().train(), data.vocabulary().size()),
                    data.split().validation(), midRunWindows, config.model().blockSize());
        }
        return midRunEstimate;
    }

    private TrainingState state(long step, int epoch, int position, boolean epochDone, double seconds) {
        return new TrainingState(step, epoch, position, epochDone, best, last, seconds, bestEstimated);
    }

    @Override
    public void close() {
        evaluator.close();
    }

    double best() {
        return best;
    }

    double last() {
        return last;
    }

    boolean bestEstimated() {
        return bestEstimated;
    }

    /** Nothing after the last good checkpoint is saved: a non-finite loss would poison it. */
    BadInputException diverged(long step, double loss) {
        return new BadInputException(String.format(Locale.ROOT,
                "training diverged at step %,d (loss %s); nothing was saved after the last good checkpoint %s;"
                        + " lower %s and start again, or resume from it", step, loss, directory.latest().toAbsolutePath(),
                Setting.LEARNING_RATE));
    }
}
