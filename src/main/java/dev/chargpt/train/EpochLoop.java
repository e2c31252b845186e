package dev.chargpt.train;

import dev.chargpt.Setting;
import dev.chargpt.attention.AttentionDrawing;
import dev.chargpt.chart.AttentionPicture;
import dev.chargpt.chart.LossChart;
import dev.chargpt.checkpoint.RunDirectory;
import dev.chargpt.checkpoint.TrainingState;
import dev.chargpt.config.RunConfig;
import dev.chargpt.data.TrainingData;
import dev.chargpt.data.WindowIterator;
import dev.chargpt.history.LossHistory;
import dev.chargpt.history.LossRecord;
import dev.chargpt.model.GptNetwork;
import org.nd4j.linalg.schedule.ISchedule;
import dev.chargpt.sample.Sampling;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The epoch loop: per epoch, train on the window iterator; then the {@link Validation} (loss,
 * checkpoint), a sample and the chart. {@code --max-steps} ends the run after that many optimizer
 * steps, mid-epoch if need be, still with validation, checkpoint, sample and chart, so a resumed
 * run continues from exactly there. {@code evalEvery} adds a validation, checkpoint and chart every
 * that many steps within an epoch (nanoGPT's eval_interval): a finer loss curve, a best checkpoint
 * closer to the real best, and less work lost to a crash. With an {@code attentionPicture} path,
 * each epoch's end also draws every head's attention for a fixed validation snippet there, so the
 * heads can be watched as they specialise. What it prints goes through the {@link TrainingReport}.
 */
final class EpochLoop {
    private final RunDirectory directory;
    private final TrainedWeights weights;
    private final MultiLayerNetwork network;
    private final RunConfig config;
    private final TrainingData data;
    private final LossHistory history;
    private final Path chart;
    private final TrainingReport report;
    private final StopRequest stop;
    private final int evalEvery;
    private final Path attentionPicture;
    private final ISchedule schedule;
    private final SampleLog samples;

    /** Training seconds of earlier sessions of this run, and when this session started. */
    private double earlierSeconds;
    private long sessionStart;

    EpochLoop(RunDirectory directory, TrainedWeights weights, RunConfig config, TrainingData data, LossHistory history,
              Path chart, TrainingReport report, StopRequest stop, int evalEvery, Path attentionPicture) {
        this.directory = directory;
        this.weights = weights;
        this.network = weights.training();
        this.config = config;
        this.data = data;
        this.history = history;
        this.chart = chart;
        this.report = report;
        this.stop = stop;
        this.evalEvery = evalEvery;
        this.attentionPicture = attentionPicture;
        this.schedule = GptNetwork.schedule(config.optimizer());
        this.samples = new SampleLog(directory.samples());
    }

    /** Trains from {@code start} with {@code trainer} (which the caller closes). */
    TrainingSummary run(TrainingState start, Long maxSteps, StepTrainer trainer) {
        report.line("training step: " + trainer.describe());
        WindowIterator windows = new WindowIterator(data.split().train(), config.model().blockSize(), config.batchSize(), config.seed());
        int epoch = start.epochFinished() ? start.epoch() + 1 : start.epoch();
        int position = start.epochFinished() ? 0 : start.position();
        long step = start.step();
        earlierSeconds = start.elapsedSeconds();
        sessionStart = System.nanoTime();
        try (Validation validation = new Validation(directory, weights, config, data, history, schedule, start, trainer.threads())) {
            return run(windows, epoch, position, step, maxSteps, trainer, validation);
        }
    }

    private TrainingSummary run(WindowIterator windows, int epoch, int position, long step, Long maxSteps, StepTrainer trainer,
                                Validation validation) {
        samples.keepUpTo(step); // what a resumed run will show again goes

        long plannedSteps = (long) config.epochs() * windows.batchesPerEpoch();
        long lastStep = maxSteps == null ? plannedSteps : Math.min(plannedSteps, maxSteps);
        if (step >= lastStep) {
            report.nothingToDo(step, lastStep, maxSteps != null);
        }
        report.startProgress(step, lastStep, config.epochs(), (long) config.batchSize() * config.model().blockSize());
        while (epoch < config.epochs() && step < lastStep) {
            windows.restore(epoch, position);
            network.setEpochCount(epoch);
            double epochLossSum = 0;
            int epochSteps = 0;
            while (windows.hasNext() && step < lastStep) {
                List<DataSet> group = new ArrayList<>();
                while (group.size() < trainer.stepsPerCall() && windows.hasNext() && step + group.size() < lastStep) {
                    group.add(windows.next());
                }
                long before = step;
                step += group.size();
                double loss = trainSteps(trainer, group, step, epoch, validation);
                epochLossSum += loss * group.size();
                epochSteps += group.size();
                // Within the epoch only: its end (or --max-steps) validates and saves below anyway.
                boolean midEpoch = windows.hasNext() && step < lastStep;
                if (evalEvery > 0 && step / evalEvery > before / evalEvery && midEpoch && validation.midRunPointDue(step, evalEvery)) {
                    report.validation(step, validation.validateAndSave(step, epoch, windows.position(), false, seconds(), false),
                            seconds());
                    renderChart();
                }
                if (midEpoch && stop.pending() != null) {
                    report.breakLine();
                    validation.saveLatest(step, epoch, windows.position(), seconds());
                    throw stopped(step, epoch, windows.position());
                }
            }
            report.breakLine();
            boolean epochDone = !windows.hasNext();
            Validation.Result result = validation.validateAndSave(step, epoch, windows.position(), epochDone, seconds(), true);
            report.epochEnd(epoch, config.epochs(), epochDone, windows.position(), step,
                    epochSteps > 0 ? epochLossSum / epochSteps : Double.NaN, result, seconds());
            showSample(epoch, epochDone, step, result.loss());
            renderChart();
            drawAttention(epoch);
            if (!epochDone) {
                break;
            }
            if (stop.pending() != null && epoch + 1 < config.epochs() && step < lastStep) {
                throw stopped(step, epoch + 1, 0); // the epoch's end has just been saved
            }
            epoch++;
            position = 0;
        }
        double seconds = seconds();
        report.done(validation.best(), validation.bestEstimated(), validation.last(), step, seconds, directory.latest(),
                directory.best(), chart);
        return new TrainingSummary(step, validation.best(), validation.last());
    }

    private TrainingStopped stopped(long step, int epoch, int batch) {
        StopRequest.Signal signal = stop.pending();
        return new TrainingStopped(signal, String.format(Locale.ROOT,
                "%s: stopped at step %,d (epoch %d, batch %d) and saved %s; continue with: chargpt train %s %s %s",
                signal.name(), step, epoch + 1, batch, directory.latest(), Setting.RESUME, Setting.RUN_DIRECTORY, directory.path()));
    }

    /**
     * One optimizer step per batch of {@code group}, the last of them step number {@code step}, and
     * one history row at that step (one per step when the trainer takes one at a time).
     */
    private double trainSteps(StepTrainer trainer, List<DataSet> group, long step, int epoch, Validation validation) {
        double learningRate = schedule.valueAt(network.getIterationCount() + group.size() - 1, epoch);
        double loss = trainer.fit(group);
        if (!Double.isFinite(loss)) {
            report.breakLine();
            throw validation.diverged(step, loss);
        }
        weights.stepsDone(step - group.size() + 1, step);
        history.append(new LossRecord(step, epoch, loss, Double.NaN, learningRate, seconds()));
        report.step(step, epoch, loss);
        return loss;
    }

    private void renderChart() {
        LossChart.render(history.readAll(), directory.chartTitle(), chart);
    }

    /**
     * Every head's attention for the first block-size characters of the validation text (the same
     * snippet every epoch, so the pictures compare): one forward pass through the sampling decoder.
     */
    private void drawAttention(int epoch) {
        if (attentionPicture == null) {
            return;
        }
        int[] validation = data.split().validation();
        int[] snippet = java.util.Arrays.copyOf(validation, Math.min(validation.length, config.model().blockSize()));
        AttentionPicture.grid(AttentionDrawing.weights(weights.inUse(), config.model(), data.vocabulary(), snippet),
                directory.chartTitle() + ", after epoch " + (epoch + 1) + ", validation text", attentionPicture);
        report.line("attention: " + attentionPicture);
    }

    /** The sample's seed depends only on the run's seed and the epoch, so a resumed run shows the same text. */
    private void showSample(int epoch, boolean epochDone, long step, double validationLoss) {
        if (config.sampleLength() <= 0) {
            return;
        }
        long seed = config.seed() * 1_000_003L + epoch;
        String text = Sampling.epochSample(weights.inUse(), config.model(), data.vocabulary(), seed, config.sampleLength());
        report.sample(epoch, epochDone, seed, text);
        samples.append(epoch, config.epochs(), epochDone, step, validationLoss, seed, text);
    }

    /** Training seconds of the whole run so far, earlier sessions included. */
    private double seconds() {
        return earlierSeconds + (System.nanoTime() - sessionStart) / 1e9;
    }
}
