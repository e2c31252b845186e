package dev.chargpt.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * nanoGPT's learning-rate schedule: linear warmup from 0 to the peak over {@code warmupSteps}, then
 * cosine decay to {@code minRate} at {@code decaySteps}, and the minimum after that.
 *
 * <p>Serialised into the model by DL4J under its class name: keep the name and package. Networks
 * saved before it moved here name {@code dev.chargpt.train.WarmupCosineSchedule}, which still
 * exists for them.
 */
public class WarmupCosineSchedule implements ISchedule {
    private double peakRate;
    private double minRate;
    private int warmupSteps;
    private int decaySteps;

    public WarmupCosineSchedule() {
    }

    public WarmupCosineSchedule(double peakRate, double minRate, int warmupSteps, int decaySteps) {
        this.peakRate = peakRate;
        this.minRate = minRate;
        this.warmupSteps = warmupSteps;
        this.decaySteps = decaySteps;
    }

    /** @param iteration the optimizer step about to be taken, counted from 0 */
    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupSteps) {
            return peakRate * (iteration + 1) / (warmupSteps + 1);
        }
        if (iteration >= decaySteps) {
            return minRate;
        }
        double progress = (double) (iteration - warmupSteps) / Math.max(1, decaySteps - warmupSteps);
        return minRate + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peakRate - minRate);
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peakRate, minRate, warmupSteps, decaySteps);
    }

    public double getPeakRate() {
        return peakRate;
    }

    public void setPeakRate(double peakRate) {
        this.peakRate = peakRate;
    }

    public double getMinRate() {
        return minRate;
    }

    public void setMinRate(double minRate) {
        this.minRate = minRate;
    }

    public int getWarmupSteps() {
        return warmupSteps;
    }

    public void setWarmupSteps(int warmupSteps) {
        this.warmupSteps = warmupSteps;
    }

    public int getDecaySteps() {
        return decaySteps;
    }

    public void setDecaySteps(int decaySteps) {
        this.decaySteps = decaySteps;
    }

    /*
     * Value equality matters for training, not just style: DL4J groups parameters into updater
     * blocks by comparing the layers' updaters with equals(), and Adam's equals compares its
     * schedule. A freshly built network shares one schedule instance (one block), but a network
     * read back from JSON has one instance per layer: with identity equality the blocks, and so the
     * layout of the saved Adam state, would differ, and a resumed run read m as v (NaN weights).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof WarmupCosineSchedule s && s.peakRate == peakRate && s.minRate == minRate
                && s.warmupSteps == warmupSteps && s.decaySteps == decaySteps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peakRate, minRate, warmupSteps, decaySteps);
    }
}
