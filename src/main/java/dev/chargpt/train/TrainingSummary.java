package dev.chargpt.train;

import java.nio.file.Path;

/** What a finished (or stopped) training run reports. */
public record TrainingSummary(long steps, int epochsCompleted, double bestValidationLoss, double lastValidationLoss,
                              double seconds, Path runDirectory, Path chart) {
}
