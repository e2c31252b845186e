package dev.chargpt.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.Objects;

/**
 * nanoGPT's learning-rate schedule: linear warmup from 0 to the peak over {@code warmupSteps}, then
 * cosine decay to {@code minRate} at {@code decaySteps}, and the minimum after that.
 *
 * <p>Serialised into the model by DL4J under its class name: keep the name and package. Networks
 * saved before it moved here name {@code dev.chargpt.train.WarmupCosineSchedule} or
 * {@code dev.chargpt.model.WarmupCosineSchedule}; the checkpoint reader maps both to this class.
 */
public class WarmupCosineSchedule extends WarmupSchedule {
    public WarmupCosineSchedule() {
    }

    public WarmupCosineSchedule(double peakRate, double minRate, int warmupSteps, int decaySteps) {
        super(peakRate, minRate, warmupSteps, decaySteps);
    }

    @Override
    protected double afterWarmup(int iteration) {
        double progress = (double) (iteration - getWarmupSteps()) / Math.max(1, getDecaySteps() - getWarmupSteps());
        return getMinRate() + 0.5 * (1 + Math.cos(Math.PI * progress)) * (getPeakRate() - getMinRate());
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(getPeakRate(), getMinRate(), getWarmupSteps(), getDecaySteps());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WarmupCosineSchedule s && sameWarmupAndEnds(s);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getPeakRate(), getMinRate(), getWarmupSteps(), getDecaySteps());
    }
}
