package org.wenjin.train.optim;

/**
 * Linear warm-up to the peak rate, then cosine decay to {@code minimumRatio} of it at the last step (the
 * schedule of Loshchilov and Hutter's SGDR without restarts, as most LLM recipes use it).
 *
 * @param peak         the learning rate after warm-up
 * @param warmupSteps  steps of linear warm-up (step 0 uses peak / warmupSteps)
 * @param totalSteps   the number of optimizer steps of the run
 * @param minimumRatio the rate at the end, as a fraction of the peak
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double minimumRatio) {

    public LearningRateSchedule {
        if (!(peak > 0)) {
            throw new IllegalArgumentException("the learning rate must be positive, was " + peak);
        }
        if (warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("warm-up steps must be >= 0 and total steps >= 1");
        }
        if (!(minimumRatio >= 0 && minimumRatio <= 1)) {
            throw new IllegalArgumentException("the final ratio must be in [0, 1], was " + minimumRatio);
        }
    }

    /** The rate of optimizer step {@code step} (0-based). */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps - 1);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minimumRatio + (1 - minimumRatio) * cosine);
    }
}
