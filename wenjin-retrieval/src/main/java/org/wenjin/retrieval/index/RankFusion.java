package org.wenjin.retrieval.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item's fused score is the sum
 * over the rankings that contain it of w / (k + rank), with ranks from 1 and w the ranking's weight
 * (1 in the paper; weighted RRF as Elasticsearch and OpenSearch offer it). It needs no score
 * calibration between the rankings, which is why it suits BM25 next to cosine similarity.
 */
public final class RankFusion {

    /** The paper's k: it damps the weight of the top ranks, and 60 worked across their test collections. */
    public static final int K = 60;

    private RankFusion() {
    }

    /** An item with its fused score. */
    public record Fused<T>(T item, double score) {
    }

    /** As {@link #fuse(List, double[])} with every weight 1, the paper's method. */
    public static <T> List<Fused<T>> fuse(List<List<T>> rankings) {
        double[] weights = new double[rankings.size()];
        Arrays.fill(weights, 1);
        return fuse(rankings, weights);
    }

    /**
     * The items of all rankings, best fused score first; ties keep the order in which the items were
     * first met (first ranking first). Scores are divided by the best attainable one (rank 1 in every
     * ranking), so they lie in (0, 1]. A ranking of weight 0 adds items but moves nothing.
     */
    public static <T> List<Fused<T>> fuse(List<List<T>> rankings, double[] weights) {
        if (weights.length != rankings.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + rankings.size() + " rankings");
        }
        Map<T, Double> scores = new HashMap<>();
        List<T> order = new ArrayList<>();
        double weightSum = 0;
        for (int r = 0; r < rankings.size(); r++) {
            List<T> ranking = rankings.get(r);
            weightSum += weights[r];
            for (int i = 0; i < ranking.size(); i++) {
                T item = ranking.get(i);
                if (!scores.containsKey(item)) {
                    order.add(item);
                }
                scores.merge(item, weights[r] / (K + i + 1), Double::sum);
            }
        }
        double best = weightSum / (K + 1);
        List<Fused<T>> fused = new ArrayList<>(order.size());
        for (T item : order) {
            fused.add(new Fused<>(item, scores.get(item) / best));
        }
        fused.sort(Comparator.comparingDouble((Fused<T> f) -> f.score()).reversed()); // stable: ties stay in order
        return fused;
    }
}
