package dev.chargpt.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * What the learning-rate schedules share: a linear warmup from 0 to {@code peakRate} over
 * {@code warmupSteps}, {@code minRate} from {@code decaySteps} on, and between the two the shape of
 * the subclass. DL4J saves a schedule in the network's JSON by its class name and these properties.
 */
public abstract class WarmupSchedule implements ISchedule {
    private double peakRate;
    private double minRate;
    private int warmupSteps;
    private int decaySteps;

    protected WarmupSchedule() {
    }

    protected WarmupSchedule(double peakRate, double minRate, int warmupSteps, int decaySteps) {
        this.peakRate = peakRate;
        this.minRate = minRate;
        this.warmupSteps = warmupSteps;
        this.decaySteps = decaySteps;
    }

    /** @param iteration the optimizer step about to be taken, counted from 0 */
    @Override
    public final double valueAt(int iteration, int epoch) {
        if (iteration < warmupSteps) {
            return peakRate * (iteration + 1) / (warmupSteps + 1);
        }
        if (iteration >= decaySteps) {
            return minRate;
        }
        return afterWarmup(iteration);
    }

    @Override
    public abstract ISchedule clone();

    /** The rate at {@code iteration}, from the end of the warmup to just before {@code decaySteps}. */
    protected abstract double afterWarmup(int iteration);

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
    protected boolean sameWarmupAndEnds(WarmupSchedule other) {
        return other.getClass() == getClass() && other.peakRate == peakRate && other.minRate == minRate
                && other.warmupSteps == warmupSteps && other.decaySteps == decaySteps;
    }
}
