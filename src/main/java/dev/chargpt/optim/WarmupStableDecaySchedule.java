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
public class WarmupStableDecaySchedule extends WarmupSchedule {
    private int cooldownSteps;

    public WarmupStableDecaySchedule() {
    }

    public WarmupStableDecaySchedule(double peakRate, double minRate, int warmupSteps, int decaySteps, int cooldownSteps) {
        super(peakRate, minRate, warmupSteps, decaySteps);
        this.cooldownSteps = cooldownSteps;
    }

    /** The cooldown of {@code fraction} of a run of {@code decaySteps} steps, at least one step. */
    public static int cooldownSteps(int decaySteps, double fraction) {
        return Math.max(1, (int) Math.round(decaySteps * fraction));
    }

    @Override
    protected double afterWarmup(int iteration) {
        int left = getDecaySteps() - iteration; // 1 at the last planned step
        if (left > cooldownSteps) {
            return getPeakRate();
        }
        // From just below the peak at the cooldown's first step down to minRate after its last.
        return getMinRate() + (getPeakRate() - getMinRate()) * left / (cooldownSteps + 1);
    }

    @Override
    public ISchedule clone() {
        return new WarmupStableDecaySchedule(getPeakRate(), getMinRate(), getWarmupSteps(), getDecaySteps(), cooldownSteps);
    }

    public int getCooldownSteps() {
        return cooldownSteps;
    }

    public void setCooldownSteps(int cooldownSteps) {
        this.cooldownSteps = cooldownSteps;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WarmupStableDecaySchedule s && sameWarmupAndEnds(s) && s.cooldownSteps == cooldownSteps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getPeakRate(), getMinRate(), getWarmupSteps(), getDecaySteps(), cooldownSteps);
    }
}
