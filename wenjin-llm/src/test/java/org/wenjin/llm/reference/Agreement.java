package org.wenjin.llm.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * How closely a candidate's next-token predictions follow a reference's, position by position, for the
 * same token sequence.
 *
 * <p>A position is <em>decisive</em> when the reference's most likely token beats the second by more than
 * the margin (in probability); there the candidate must pick the same token. Where the reference is
 * nearly tied, rounding differences between two correct programs may flip the order, so only the
 * probabilities are compared.
 *
 * @param positions             positions compared
 * @param decisive              positions whose reference gap exceeds the margin
 * @param top1Mismatches        decisive positions where the candidate's top token differs
 * @param tiedMismatches        positions under the margin where the top token differs (allowed)
 * @param largestFlippedGap     the largest reference gap at a position where the top token differs: the
 *                              smallest margin under which this comparison would still pass
 * @param maxProbabilityError   largest |p_candidate - p_reference| over the reference's top-k tokens
 * @param maxLogitError         largest |logit difference| over the reference's top-k tokens
 * @param worst                 the position of the largest probability error
 */
public record Agreement(int positions, int decisive, List<Integer> top1Mismatches, int tiedMismatches,
                        double largestFlippedGap, double maxProbabilityError, double maxLogitError, int worst) {

    /**
     * Compares the candidate's predictions with the reference's. The candidate's top-k should be at least
     * as deep as the reference's: a reference token missing from it counts as a probability error of its
     * whole reference probability.
     */
    public static Agreement of(List<TopK> reference, List<TopK> candidate, double margin) {
        if (reference.size() != candidate.size()) {
            throw new IllegalArgumentException(reference.size() + " reference positions but " + candidate.size()
                    + " candidate positions");
        }
        int decisive = 0;
        int tied = 0;
        List<Integer> mismatches = new ArrayList<>();
        double largestFlippedGap = 0;
        double maxProbability = 0;
        double maxLogit = 0;
        int worst = 0;
        for (int i = 0; i < reference.size(); i++) {
            TopK r = reference.get(i);
            TopK c = candidate.get(i);
            boolean clear = r.gap() > margin;
            if (clear) {
                decisive++;
            }
            if (r.top1() != c.top1()) {
                largestFlippedGap = Math.max(largestFlippedGap, r.gap());
                if (clear) {
                    mismatches.add(i);
                } else {
                    tied++;
                }
            }
            int[] ids = r.ids();
            float[] logits = r.logits();
            double[] probabilities = r.probabilities();
            float[] candidateLogits = c.logits();
            int[] candidateIds = c.ids();
            for (int j = 0; j < ids.length; j++) {
                double p = c.probabilityOf(ids[j]);
                double error = Double.isNaN(p) ? probabilities[j] : Math.abs(p - probabilities[j]);
                if (error > maxProbability) {
                    maxProbability = error;
                    worst = i;
                }
                for (int m = 0; m < candidateIds.length; m++) {
                    if (candidateIds[m] == ids[j]) {
                        maxLogit = Math.max(maxLogit, Math.abs(candidateLogits[m] - logits[j]));
                    }
                }
            }
        }
        return new Agreement(reference.size(), decisive, List.copyOf(mismatches), tied, largestFlippedGap,
                maxProbability, maxLogit, worst);
    }

    /** Whether every decisive position agrees and every probability is within {@code tolerance}. */
    public boolean within(double tolerance) {
        return top1Mismatches.isEmpty() && maxProbabilityError <= tolerance;
    }

    /** The number of leading tokens two generated sequences share. */
    public static int sharedPrefix(int[] a, int[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[n] == b[n]) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return String.format("%d/%d decisive positions agree on the top token%s, %d near-tie flips "
                        + "(largest flipped gap %.2e), max |Δp| %.2e (position %d), max |Δlogit| %.2e",
                decisive - top1Mismatches.size(), decisive,
                top1Mismatches.isEmpty() ? "" : " (disagree at " + top1Mismatches + ")", tiedMismatches,
                largestFlippedGap, maxProbabilityError, worst, maxLogitError);
    }
}
