package org.wenjin.retrieval.index;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, "The use of MMR, diversity-based reranking for
 * reordering documents and producing summaries", SIGIR 1998): picks, one at a time, the candidate that
 * maximises λ · relevance − (1 − λ) · (its greatest similarity to a candidate already picked), so that
 * five passages saying the same thing give way to passages that add something.
 */
public final class MaximalMarginalRelevance {

    private MaximalMarginalRelevance() {
    }

    /**
     * Picks {@code k} of {@code candidates}, in the order MMR picks them.
     *
     * @param relevance each candidate's relevance, in [0, 1], in the same order as the candidates
     * @param similarity between two candidates, in [0, 1]
     * @param lambda weight on relevance, in (0, 1]; 1 keeps the order by relevance
     */
    public static <T> List<T> select(List<T> candidates, double[] relevance, ToDoubleBiFunction<T, T> similarity,
            double lambda, int k) {
        if (relevance.length != candidates.size()) {
            throw new IllegalArgumentException(relevance.length + " relevance scores for " + candidates.size() + " candidates");
        }
        List<T> picked = new ArrayList<>();
        boolean[] taken = new boolean[candidates.size()];
        double[] closest = new double[candidates.size()]; // greatest similarity to anything picked so far
        while (picked.size() < Math.min(k, candidates.size())) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < candidates.size(); i++) {
                if (taken[i]) {
                    continue;
                }
                double value = lambda * relevance[i] - (1 - lambda) * closest[i];
                if (value > bestValue) {
                    best = i;
                    bestValue = value;
                }
            }
            taken[best] = true;
            T chosen = candidates.get(best);
            picked.add(chosen);
            for (int i = 0; i < candidates.size(); i++) {
                if (!taken[i]) {
                    closest[i] = Math.max(closest[i], similarity.applyAsDouble(candidates.get(i), chosen));
                }
            }
        }
        return picked;
    }
}
