package dev.chargpt.step;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one-graph step on N workers: each worker is a replica of the network on a thread of its own
 * (each with one OpenMP and one BLAS thread, as one worker has), and takes its share of every step's
 * rows: with the batch size counted per worker ({@link dev.chargpt.config.ConfigResolver#resolve}), a
 * worker's share is a whole batch of its own, as in PyTorch's DDP. Their gradients are summed in worker order, then the network takes ONE clipped AdamW step
 * from the sum, exactly as {@link OneGraphStep} does from the whole batch. The sum of the shares'
 * summed-loss gradients is the whole batch's gradient, so the learning-rate schedule, clipping and
 * weight decay mean the same for every N, and the result equals one worker's to float rounding
 * (DataParallelStepTest). Dropout masks are drawn for the whole batch and each worker gets its
 * rows, so N workers drop what one would.
 *
 * <p>Why not DL4J's {@code ParallelWrapper}: its workers each take their own Adam step and then
 * average parameters (and optionally updater state), which is not the update of one step on the
 * combined gradient.
 *
 * <p>Worker 0 is the network itself and runs on the caller's thread; the others are clones that
 * receive the network's new weights after each step. A replica always runs on the same thread, so
 * its workspace (half the batch's memory for two workers) exists once. The summation order is
 * fixed, so a run is deterministic for a given seed and worker count.
 */
public final class DataParallelStep implements TrainingStep {
    private final MultiLayerNetwork network;
    private final OneGraphStep main;
    private final List<MultiLayerNetwork> replicas = new ArrayList<>();
    private final List<OneGraphStep> replicaSteps = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();
    private final StepListeners listeners;

    public DataParallelStep(MultiLayerNetwork network, double maxGradientNorm, int workers) {
        this(network, maxGradientNorm, workers, StepListeners.NONE);
    }

    /** @param listeners hear of every step, on the network itself (worker 0), with the summed gradient */
    public DataParallelStep(MultiLayerNetwork network, double maxGradientNorm, int workers, StepListeners listeners) {
        if (workers < 2) {
            throw new IllegalArgumentException("a data-parallel step needs at least 2 workers, got " + workers);
        }
        this.network = network;
        this.listeners = listeners;
        // The main step hears the summed gradient (applyGradient); the replicas' steps hear nothing.
        this.main = new OneGraphStep(network, maxGradientNorm, listeners);
        for (int w = 1; w < workers; w++) {
            MultiLayerNetwork replica = network.clone();
            replicas.add(replica);
            int worker = w;
            ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "chargpt-worker-" + worker);
                t.setDaemon(true); // an idle worker never keeps the program alive
                return t;
            });
            threads.add(thread);
            // Built on its own thread, where it will run (SameDiff keeps per-thread sessions).
            replicaSteps.add(await(thread.submit(() -> new OneGraphStep(replica, maxGradientNorm))));
        }
    }

    @Override
    public double fit(org.nd4j.linalg.dataset.api.DataSet batch) {
        INDArray features = batch.getFeatures();
        INDArray labels = batch.getLabels();
        int batchSize = (int) features.size(0);
        Map<Integer, INDArray> masks = main.dropoutMasks(features.castTo(network.params().dataType()));
        int shares = Math.min(batchSize, replicas.size() + 1);

        List<Future<Double>> pending = new ArrayList<>();
        for (int w = 1; w < shares; w++) {
            long[] rows = rows(w, shares, batchSize);
            OneGraphStep step = replicaSteps.get(w - 1);
            DataSet share = new DataSet(slice(features, rows), slice(labels, rows));
            Map<Integer, INDArray> shareMasks = slices(masks, rows);
            pending.add(threads.get(w - 1).submit(() -> step.computeGradient(share, shareMasks)));
        }
        long[] own = rows(0, shares, batchSize);
        double summedLoss = main.computeGradient(new DataSet(slice(features, own), slice(labels, own)), slices(masks, own));
        INDArray gradient = network.getGradientsViewArray();
        for (int w = 1; w < shares; w++) {
            summedLoss += await(pending.get(w - 1));
            gradient.addi(replicas.get(w - 1).getGradientsViewArray()); // in worker order: deterministic
        }
        main.applyGradient(batchSize);
        for (MultiLayerNetwork replica : replicas) {
            replica.params().assign(network.params());
            replica.setIterationCount(network.getIterationCount());
        }
        listeners.stepDone(network, batch, summedLoss / batchSize, main.gradientTable());
        return summedLoss / batchSize;
    }

    @Override
    public double lastGradientNorm() {
        return main.lastGradientNorm();
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }

    /** Rows [start, end) of worker {@code w}: the batch in {@code shares} near-equal contiguous parts. */
    static long[] rows(int w, int shares, int batchSize) {
        return new long[] {(long) w * batchSize / shares, (long) (w + 1) * batchSize / shares};
    }

    private static INDArray slice(INDArray array, long[] rows) {
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = NDArrayIndex.interval(rows[0], rows[1]);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index).dup('c');
    }

    private static Map<Integer, INDArray> slices(Map<Integer, INDArray> masks, long[] rows) {
        Map<Integer, INDArray> share = new LinkedHashMap<>();
        masks.forEach((layer, mask) -> share.put(layer, slice(mask, rows)));
        return share;
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a worker trained", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a worker failed", cause);
        }
    }
}
