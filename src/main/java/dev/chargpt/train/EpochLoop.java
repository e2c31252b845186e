package dev.chargpt.train;

import dev.chargpt.BadInputException;
import dev.chargpt.Durations;
import dev.chargpt.ResidentMemory;
import dev.chargpt.chart.LossChart;
import dev.chargpt.checkpoint.CheckpointFile;
import dev.chargpt.checkpoint.RunConfig;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.checkpoint.TrainingState;
import dev.chargpt.config.ModelConfig;
import dev.chargpt.config.OptimizerConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.eval.TextEvaluator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.data.WindowIterator;
import dev.chargpt.model.TrainingStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The epoch loop: per epoch, train on the window iterator; then the validation loss over the whole
 * validation split, the checkpoint (latest, and best when it improved), a sample and the chart.
 * {@code --max-steps} ends the run after that many optimizer steps, mid-epoch if need be, still
 * with validation, checkpoint, sample and chart, so a resumed run continues from exactly there.
 * {@code --eval-every N} adds a validation, checkpoint and chart every N steps within an epoch
 * (nanoGPT's eval_interval): a finer loss curve, a best checkpoint closer to the real best, and
 * less work lost to a crash. Validation only reads the network, so it changes nothing in training.
 */
final class EpochLoop {
    private static final double LN2 = Math.log(2);

    private final RunDirectory directory;
    private final MultiLayerNetwork network;
    private final RunConfig config;
    private final TrainingData data;
    private final LossHistory history;
    private final Path chart;
    private final EpochSampler sampler;
    private final PrintStream out;
    private final boolean terminal;
    private final WarmupCosineSchedule schedule;
    private final int evalEvery;

    /** The validation losses so far: the best (what best.zip holds) and the last. */
    private double best;
    private double last;

    EpochLoop(RunDirectory directory, MultiLayerNetwork network, RunConfig config, TrainingData data, LossHistory history,
              Path chart, EpochSampler sampler, PrintStream out, boolean terminal, int evalEvery) {
        this.directory = directory;
        this.network = network;
        this.config = config;
        this.data = data;
        this.history = history;
        this.chart = chart;
        this.sampler = sampler;
        this.out = out;
        this.terminal = terminal;
        OptimizerConfig o = config.optimizer();
        this.schedule = new WarmupCosineSchedule(o.learningRate(), o.minLearningRate(), o.warmupSteps(), o.decaySteps());
        this.evalEvery = evalEvery;
    }

    TrainingSummary run(TrainingState start, Long maxSteps) {
        ModelConfig model = config.model();
        WindowIterator windows = new WindowIterator(data.split().train(), model.blockSize(), config.batchSize(), config.seed());
        int epoch = start.epochFinished() ? start.epoch() + 1 : start.epoch();
        int position = start.epochFinished() ? 0 : start.position();
        long step = start.step();
        best = start.bestValidationLoss();
        last = start.lastValidationLoss();
        int epochsCompleted = start.epochFinished() ? start.epoch() + 1 : start.epoch();
        long sessionStart = System.nanoTime();
        TrainingStep trainingStep = TrainingStep.forNetwork(network, config.optimizer().gradClip(), config.batchSize());
        out.println("training step: " + TrainingStep.explainChoice(network, config.batchSize()));

        long plannedSteps = (long) config.epochs() * windows.batchesPerEpoch();
        long lastStep = maxSteps == null ? plannedSteps : Math.min(plannedSteps, maxSteps);
        if (step >= lastStep) {
            out.printf(Locale.ROOT, "nothing to do: the run is at step %,d of %,d%s%n", step, lastStep,
                    maxSteps == null ? "; pass a larger --epochs to train further" : "; pass a larger --max-steps");
        }
        ProgressLine progress = new ProgressLine(out, terminal, 30, step, lastStep, config.epochs(),
                (long) config.batchSize() * model.blockSize());
        while (epoch < config.epochs() && step < lastStep) {
            windows.restore(epoch, position);
            network.setEpochCount(epoch);
            double epochLossSum = 0;
            int epochSteps = 0;
            while (windows.hasNext() && step < lastStep) {
                DataSet batch = windows.next();
                double learningRate = schedule.valueAt(network.getIterationCount(), epoch);
                double loss = trainingStep.fit(batch);
                step++;
                if (!Double.isFinite(loss)) {
                    progress.breakLine();
                    throw diverged(step, loss);
                }
                epochLossSum += loss;
                epochSteps++;
                history.append(new LossRecord(step, epoch, loss, Double.NaN, learningRate, elapsed(start, sessionStart)));
                progress.step(step, epoch, loss);
                // Within the epoch only: its end (or --max-steps) validates below anyway.
                if (evalEvery > 0 && step % evalEvery == 0 && windows.hasNext() && step < lastStep) {
                    progress.breakLine();
                    boolean improved = validateAndSave(step, epoch, windows.position(), false, start, sessionStart);
                    out.printf(Locale.ROOT, "step %,d: validation loss %.4f nats/char (%.3f bits/char)%s, %s elapsed%n",
                            step, last, last / LN2, improved ? ", best so far" : "",
                            Durations.format(elapsed(start, sessionStart)));
                    renderChart();
                }
            }
            progress.breakLine();
            boolean epochDone = !windows.hasNext();
            boolean improved = validateAndSave(step, epoch, windows.position(), epochDone, start, sessionStart);
            double seconds = elapsed(start, sessionStart);
            if (epochDone) {
                epochsCompleted = epoch + 1;
            }
            String memory = ResidentMemory.describe(); // printed per epoch so growth would show
            out.printf(Locale.ROOT, "epoch %d/%d%s: step %,d, train loss %.4f, validation loss %.4f nats/char (%.3f bits/char)%s, %s elapsed%s%n",
                    epoch + 1, config.epochs(), epochDone ? "" : " (stopped by --max-steps at batch " + windows.position() + ")",
                    step, epochSteps > 0 ? epochLossSum / epochSteps : Double.NaN, last, last / LN2,
                    improved ? ", best so far" : "", Durations.format(seconds), memory.isEmpty() ? "" : ", " + memory);
            showSample(epoch, epochDone);
            renderChart();
            if (!epochDone) {
                break;
            }
            epoch++;
            position = 0;
        }
        double seconds = elapsed(start, sessionStart);
        out.printf(Locale.ROOT, "done: best validation loss %.4f nats/char (%.3f bits/char), %,d steps in %s%n"
                        + "checkpoints: %s (latest), %s (best)%nchart: %s%n",
                best, best / LN2, step, Durations.format(seconds), directory.latest(), directory.best(), chart);
        return new TrainingSummary(step, epochsCompleted, best, last, seconds, directory.path(), chart);
    }

    /**
     * Validation loss over the whole validation split, its history row, the latest checkpoint at
     * this point of the run and, if the loss improved, the best one. Returns whether it improved.
     */
    private boolean validateAndSave(long step, int epoch, int position, boolean epochDone, TrainingState start,
                                    long sessionStart) {
        last = new TextEvaluator(network, config.model()).evaluate(data.split().validation()).meanNats();
        if (!Double.isFinite(last)) {
            throw diverged(step, last);
        }
        boolean improved = !(best <= last);
        if (improved) {
            best = last;
        }
        double seconds = elapsed(start, sessionStart);
        history.append(new LossRecord(step, epoch, Double.NaN, last, schedule.valueAt(network.getIterationCount(), epoch), seconds));
        TrainingState state = new TrainingState(step, epoch, position, epochDone, best, last, seconds);
        CheckpointFile.write(directory.latest(), network, config, state, data.vocabulary(), history.bytes());
        if (improved) {
            CheckpointFile.copy(directory.latest(), directory.best());
        }
        return improved;
    }

    private void renderChart() {
        LossChart.render(history.readAll(), "chargpt " + directory.path().getFileName() + ": " + config.preset()
                + " on " + config.corpus(), chart);
    }

    private void showSample(int epoch, boolean epochDone) {
        if (config.sampleLength() <= 0) {
            return;
        }
        long seed = config.seed() * 1_000_003L + epoch;
        String text = sampler.sample(network, config.model(), data.vocabulary(), seed, config.sampleLength());
        if (!text.isEmpty()) {
            out.printf(Locale.ROOT, "---- sample after epoch %d%s (seed %d) ----%n%s%n----%n", epoch + 1,
                    epochDone ? "" : " (part)", seed, text);
        }
    }

    private BadInputException diverged(long step, double loss) {
        return new BadInputException(String.format(Locale.ROOT,
                "training diverged at step %,d (loss %s); nothing was saved after the last good checkpoint %s;"
                        + " lower --learning-rate and start again, or resume from it", step, loss, directory.latest().toAbsolutePath()));
    }

    private static double elapsed(TrainingState start, long sessionStartNanos) {
        return start.elapsedSeconds() + (System.nanoTime() - sessionStartNanos) / 1e9;
    }
}
