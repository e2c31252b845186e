package dev.chargpt.eval;

import dev.chargpt.decoder.BatchedLogits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@link TextEvaluator}'s windows scored on several threads at once, each with a model of its own
 * (a SameDiff graph is for one thread at a time), all computing with the same weights. The training
 * loop validates this way on as many threads as it trains workers: between steps their cores would
 * otherwise wait for one thread's forward pass.
 *
 * <p>The windows are cut into contiguous parts, one per thread, in a fixed way, and the parts' sums
 * are added in order: the same windows on the same number of threads always give the same number.
 */
public final class ParallelTextEvaluator implements AutoCloseable {
    private final List<ExecutorService> threads = new ArrayList<>();
    private final List<TextEvaluator> evaluators = new ArrayList<>();

    /**
     * @param model           makes one model per thread; called on that thread
     * @param threadCount     threads, at least 1
     * @param windowsPerBatch windows per forward call on each thread
     */
    public ParallelTextEvaluator(Supplier<BatchedLogits> model, int threadCount, int windowsPerBatch) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threadCount must be at least 1, got " + threadCount);
        }
        for (int i = 0; i < threadCount; i++) {
            String name = "chargpt-validation-" + i;
            ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, name);
                t.setDaemon(true); // idle between validations; never what keeps the JVM alive
                return t;
            });
            threads.add(thread);
            evaluators.add(await(thread.submit(() -> new TextEvaluator(model.get(), windowsPerBatch))));
        }
    }

    /** As {@link TextEvaluator#windowCount}. */
    public long windowCount(int length) {
        return evaluators.get(0).windowCount(length);
    }

    /** As {@link TextEvaluator#evaluate}: every window of {@code ids}. */
    public EvaluationResult evaluate(int[] ids) {
        return evaluateWindows(ids, evaluators.get(0).allWindows(ids));
    }

    /** As {@link TextEvaluator#evaluateWindows}, the windows shared out among the threads. */
    public EvaluationResult evaluateWindows(int[] ids, long[] windows) {
        double totalNats = 0;
        long scored = 0;
        for (EvaluationResult part : inParts(windows, (evaluator, share) -> evaluator.evaluateWindows(ids, share))) {
            totalNats += part.meanNats() * part.charactersScored();
            scored += part.charactersScored();
        }
        return new EvaluationResult(totalNats / scored, scored);
    }

    /** As {@link TextEvaluator#windowNats}, the windows shared out among the threads. */
    public double[] windowNats(int[] ids, long[] windows) {
        double[] sums = new double[windows.length];
        int next = 0;
        for (double[] part : inParts(windows, (evaluator, share) -> evaluator.windowNats(ids, share))) {
            System.arraycopy(part, 0, sums, next, part.length);
            next += part.length;
        }
        return sums;
    }

    /** {@code work} on contiguous parts of {@code windows}, one per thread, its results in the windows' order. */
    private <T> List<T> inParts(long[] windows, BiFunction<TextEvaluator, long[], T> work) {
        int parts = Math.min(threads.size(), windows.length);
        List<Future<T>> pending = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            long[] share = Arrays.copyOfRange(windows, (int) ((long) windows.length * part / parts),
                    (int) ((long) windows.length * (part + 1) / parts));
            TextEvaluator evaluator = evaluators.get(part);
            pending.add(threads.get(part).submit(() -> work.apply(evaluator, share)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> result : pending) {
            results.add(await(result));
        }
        return results;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // out of memory, say: as on one thread
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime; // a bad input or a diverged network, as on one thread
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while validating", e);
        }
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }
}
