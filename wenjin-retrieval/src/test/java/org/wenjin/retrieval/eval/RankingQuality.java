package org.wenjin.retrieval.eval;

import java.util.List;
import java.util.function.Function;
import org.wenjin.retrieval.Passage;

/**
 * Recall at 1, 3 and 5 and mean reciprocal rank at 10 of a retriever over an evaluation set, judged by
 * source: a question counts as found at k when a passage from one of its relevant sources is among the
 * first k results, and its reciprocal rank is 1 / the rank of the first such passage (0 beyond 10).
 */
record RankingQuality(int questions, double recallAt1, double recallAt3, double recallAt5, double mrrAt10) {

    static final int DEPTH = 10;

    static RankingQuality of(EvaluationSet set, Function<String, List<Passage>> retriever) {
        int at1 = 0;
        int at3 = 0;
        int at5 = 0;
        double reciprocal = 0;
        for (EvaluationSet.Question question : set.questions()) {
            int rank = firstRelevantRank(retriever.apply(question.text()), question);
            at1 += rank == 1 ? 1 : 0;
            at3 += rank >= 1 && rank <= 3 ? 1 : 0;
            at5 += rank >= 1 && rank <= 5 ? 1 : 0;
            reciprocal += rank >= 1 ? 1.0 / rank : 0;
        }
        int n = set.questions().size();
        return new RankingQuality(n, at1 / (double) n, at3 / (double) n, at5 / (double) n, reciprocal / n);
    }

    /** 1-based rank of the first passage from a relevant source within {@link #DEPTH}, or 0. */
    static int firstRelevantRank(List<Passage> results, EvaluationSet.Question question) {
        for (int i = 0; i < Math.min(DEPTH, results.size()); i++) {
            if (question.relevant().contains(results.get(i).source())) {
                return i + 1;
            }
        }
        return 0;
    }
}
