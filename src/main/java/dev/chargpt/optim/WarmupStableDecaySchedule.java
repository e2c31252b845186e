package dev.chargpt.optim;

import org.nd4j.linalg.schedule.ISchedule;

import java.util.Objects;

/**
 * Warmup-stable-decay: the same linear warmup as {@link WarmupCosineSchedule}, then the peak held,
 * then a linear decay to {@code minRate} over the last {@code cooldownSteps} steps before
 * {@code decaySteps}, and the minimum after that. The rate stays at its peak for most of the run,
 * which is when a target loss is first reached; the decay at the end then does what the cosine does
 * over the whole run (Hägele et al., arXiv 2405.18392; Bergsma et al., arXiv 2502.15938).
 *
 * <p>Serialised into the model by DL4J under its class name, as the cosine schedule is: keep the
 * name and package, its no-argument constructor, its getters and setters, and value equality.
 */
public class WarmupStableDecaySchedule implements ISchedule {
    private double peakRate;
    private double minRate;
    private int warmupSteps;
    private int decaySteps;
    private int cooldownSteps;

    public WarmupStableDecaySchedule() {
    }

    public WarmupStableDecaySchedule(double peakRate, double minRate, int warmupSteps, int decaySteps, int cooldownSteps) {
        this.peakRate = peakRate;
        this.minRate = minRate;
        this.warmupSteps = warmupSteps;
        this.decaySteps = decaySteps;
        this.cooldownSteps = cooldownSteps;
    }

    /** The cooldown of {@code fraction} of a run of {@code decaySteps} steps, at least one step. */
    public static int cooldownSteps(int decaySteps, double fraction) {
        return Math.max(1, (int) Math.round(decaySteps * fraction));
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
        int left = decaySteps - iteration; // 1 at the last planned step
        if (left > cooldownSteps) {
            return peakRate;
        }
        // From the peak at the cooldown's first step down to minRate after its last.
        return minRate + (peakRate - minRate) * left / (cooldownSteps + 1);
    }

    @Override
    public ISchedule clone() {
        return new WarmupStableDecaySchedule(peakRate, minRate, warmupSteps, decaySteps, cooldownSteps);
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

    public int getCooldownSteps() {
        return cooldownSteps;
    }

    public void setCooldownSteps(int cooldownSteps) {
        this.cooldownSteps = cooldownSteps;
    }

    /** Value equality: DL4J groups parameters into updater blocks by comparing updaters (see WarmupCosineSchedule). */
    @Override
    public boolean equals(Object other) {
        return other instanceof WarmupStableDecaySchedule s && s.peakRate == peakRate && s.minRate == minRate
                && s.warmupSteps == warmupSteps && s.decaySteps == decaySteps && s.cooldownSteps == cooldownSteps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(peakRate, minRate, warmupSteps, decaySteps, cooldownSteps);
    }
}
