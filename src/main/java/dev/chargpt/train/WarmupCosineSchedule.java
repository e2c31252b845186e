package dev.chargpt.train;

/**
 * The learning-rate schedule under the class name that checkpoints written before it moved to
 * {@link dev.chargpt.model.WarmupCosineSchedule} carry in their network's JSON: DL4J creates
 * schedules by that name when it loads them (GoldenCheckpointTest reads such a file). Nothing
 * else uses it; new networks save the new name.
 */
public class WarmupCosineSchedule extends dev.chargpt.model.WarmupCosineSchedule {
    public WarmupCosineSchedule() {
    }
}
