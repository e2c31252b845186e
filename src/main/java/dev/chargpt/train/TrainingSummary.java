package dev.chargpt.train;

/** What a finished (or stopped) training run reports (the loop prints the rest: time, paths). */
public record TrainingSummary(long steps, double bestValidationLoss, double lastValidationLoss) {
}
