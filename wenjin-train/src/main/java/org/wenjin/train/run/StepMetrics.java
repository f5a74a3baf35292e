package org.wenjin.train.run;

/**
 * What one optimizer step did, as a line of {@code train.log}.
 *
 * @param step           1-based step number
 * @param steps          steps in the run
 * @param epoch          epochs completed, fractional
 * @param loss           mean cross-entropy per trained token of the step, in nats
 * @param learningRate   the rate the step used
 * @param gradientNorm   global L2 norm of the gradients before clipping
 * @param tokens         tokens processed so far (every position of every sequence)
 * @param tokensPerSecond tokens per second over the run so far (this process only)
 * @param elapsedSeconds seconds since this process started training
 * @param firstStep      the step this process started from (0, or the checkpoint's step when resumed)
 * @param evalLoss       held-out loss measured after this step, or NaN
 */
public record StepMetrics(int step, int steps, double epoch, double loss, double learningRate, double gradientNorm,
                          long tokens, double tokensPerSecond, double elapsedSeconds, double evalLoss,
                          int firstStep) {

    /** Seconds left at this process's pace. */
    public double etaSeconds() {
        int done = step - firstStep;
        return done <= 0 ? Double.NaN : elapsedSeconds / done * (steps - step);
    }
}
