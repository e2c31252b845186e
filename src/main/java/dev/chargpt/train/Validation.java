package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.Setting;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.checkpoint.TrainingState;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.optim.WarmupCosineSchedule;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Locale;

/**
 * The work at a validation point: the loss over the whole validation split, its history row, the
 * latest checkpoint at this point of the run and, if the loss improved, the best one. It keeps the
 * best and the last validation loss, which the checkpoint's state records. Validation only reads
 * the network, so it changes nothing in training.
 */
final class Validation {
    /** One validation's loss and whether it was the best so far. */
    record Result(double loss, boolean improved) {
    }

    private final RunDirectory directory;
    private final MultiLayerNetwork network;
    private final RunConfig config;
    private final TrainingData data;
    private final LossHistory history;
    private final WarmupCosineSchedule schedule;
    private double best;
    private double last;

    Validation(RunDirectory directory, MultiLayerNetwork network, RunConfig config, TrainingData data, LossHistory history,
               WarmupCosineSchedule schedule, TrainingState start) {
        this.directory = directory;
        this.network = network;
        this.config = config;
        this.data = data;
        this.history = history;
        this.schedule = schedule;
        this.best = start.bestValidationLoss();
        this.last = start.lastValidationLoss();
    }

    /** Validates and saves at {@code step}; {@code position} batches of {@code epoch} are done. */
    Result validateAndSave(long step, int epoch, int position, boolean epochDone, double seconds) {
        // In batches of a training step's windows: the evaluator's layer workspaces on this thread then
        // stay within the step's (measured with two workers: 32 windows added 50 MB to the peak).
        last = new TextEvaluator(network, config.model(), config.batchSize()).evaluate(data.split().validation()).meanNats();
        if (!Double.isFinite(last)) {
            throw diverged(step, last);
        }
        boolean improved = !(best <= last);
        if (improved) {
            best = last;
        }
        history.append(new LossRecord(step, epoch, Double.NaN, last, schedule.valueAt(network.getIterationCount(), epoch), seconds));
        saveLatest(step, epoch, position, epochDone, seconds);
        if (improved) {
            CheckpointFile.copy(directory.latest(), directory.best());
        }
        return new Result(last, improved);
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
        TrainingState state = new TrainingState(step, epoch, position, epochDone, best, last, seconds);
        CheckpointFile.write(directory.latest(), network, config, state, data.vocabulary(), history.bytes());
    }

    double best() {
        return best;
    }

    double last() {
        return last;
    }

    /** Nothing after the last good checkpoint is saved: a non-finite loss would poison it. */
    BadInputException diverged(long step, double loss) {
        return new BadInputException(String.format(Locale.ROOT,
                "training diverged at step %,d (loss %s); nothing was saved after the last good checkpoint %s;"
                        + " lower %s and start again, or resume from it", step, loss, directory.latest().toAbsolutePath(),
                Setting.LEARNING_RATE));
    }
}
