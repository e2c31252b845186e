package dev.chargpt.eval;

/**
 * The whole text's mean loss, estimated from the losses of a fixed choice of its windows, with a
 * character n-gram model ({@link NgramBaseline}) as the yardstick: a regression estimator. The
 * subset's mean is corrected by how much easier or harder the n-gram model finds the subset than
 * the whole text, times how strongly the network's per-window losses follow the n-gram model's on
 * the subset (the slope of one against the other, fitted afresh at every call).
 *
 * <p>Why the slope and not a plain ratio: a trained network finds hard what the n-gram model finds
 * hard, nearly in proportion, but a young one does not yet (measured on a cpu-small run, 384 of 1,743
 * windows over 400 choices: at step 250 the ratio made the estimate worse than the bare subset,
 * rms 0.0155 against 0.0098, where the fitted slope gave 0.0094; at the end 0.0049 and 0.0040
 * against 0.0093). With every window chosen the correction is exactly zero.
 */
public final class SubsetEstimator {
    private final int[] predictions;
    /** The n-gram model's mean loss per prediction in each chosen window, in the subset's order. */
    private final double[] ngramMeans;
    private final double wholeNgramMean;
    private final double subsetNgramMean;

    /**
     * @param ids    the text the windows are cut from, at least 2 ids
     * @param subset the chosen window numbers, as the evaluator scores them
     */
    public SubsetEstimator(NgramBaseline ngram, int[] ids, long[] subset, int blockSize) {
        long count = TextEvaluator.windowCount(ids.length, blockSize);
        double wholeNats = 0;
        long wholePredictions = 0;
        for (long window = 0; window < count; window++) {
            wholeNats += ngram.windowNats(ids, window, blockSize);
            wholePredictions += TextEvaluator.predictions(window, blockSize, ids.length);
        }
        predictions = new int[subset.length];
        ngramMeans = new double[subset.length];
        double subsetNats = 0;
        long subsetPredictions = 0;
        for (int k = 0; k < subset.length; k++) {
            predictions[k] = TextEvaluator.predictions(subset[k], blockSize, ids.length);
            double nats = ngram.windowNats(ids, subset[k], blockSize);
            ngramMeans[k] = nats / predictions[k];
            subsetNats += nats;
            subsetPredictions += predictions[k];
        }
        wholeNgramMean = wholeNats / wholePredictions;
        subsetNgramMean = subsetNats / subsetPredictions;
    }

    /**
     * @param windowNats the network's summed loss in each chosen window, in the subset's order
     *                   ({@link TextEvaluator#windowNats})
     * @return the estimate of the whole text's mean loss per prediction
     */
    public double estimate(double[] windowNats) {
        if (windowNats.length != predictions.length) {
            throw new IllegalArgumentException("expected the losses of " + predictions.length + " windows, got " + windowNats.length);
        }
        double nats = 0;
        long scored = 0;
        double meanX = 0;
        double meanY = 0;
        for (int k = 0; k < predictions.length; k++) {
            nats += windowNats[k];
            scored += predictions[k];
            meanX += ngramMeans[k];
            meanY += windowNats[k] / predictions[k];
        }
        meanX /= predictions.length;
        meanY /= predictions.length;
        double covariance = 0;
        double variance = 0;
        for (int k = 0; k < predictions.length; k++) {
            double dx = ngramMeans[k] - meanX;
            covariance += dx * (windowNats[k] / predictions[k] - meanY);
            variance += dx * dx;
        }
        double slope = variance > 0 ? covariance / variance : 0;
        return nats / scored + slope * (wholeNgramMean - subsetNgramMean);
    }
}
