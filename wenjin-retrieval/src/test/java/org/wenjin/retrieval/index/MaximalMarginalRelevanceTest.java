package org.wenjin.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaximalMarginalRelevanceTest {

    /** Two near copies about attention, one passage about quantization. */
    private static final List<String> CANDIDATES = List.of("attention-1", "attention-2", "quantization");
    private static final double[] RELEVANCE = {1.0, 0.95, 0.6};
    private static final Map<String, Double> SIMILAR = Map.of(
            "attention-1|attention-2", 0.9, "attention-1|quantization", 0.1, "attention-2|quantization", 0.1);

    private static double similarity(String a, String b) {
        return SIMILAR.getOrDefault(a + "|" + b, SIMILAR.getOrDefault(b + "|" + a, 0.0));
    }

    @Test
    void withLambdaOneTheOrderIsByRelevance() {
        assertThat(MaximalMarginalRelevance.select(CANDIDATES, RELEVANCE, MaximalMarginalRelevanceTest::similarity, 1.0, 3))
                .containsExactly("attention-1", "attention-2", "quantization");
    }

    @Test
    void aPassageThatRepeatsOneAlreadyChosenGivesWayToOneThatAddsSomething() {
        // After attention-1: attention-2 scores 0.7·0.95 − 0.3·0.9 = 0.395, quantization 0.7·0.6 − 0.3·0.1 = 0.39.
        assertThat(MaximalMarginalRelevance.select(CANDIDATES, RELEVANCE, MaximalMarginalRelevanceTest::similarity, 0.7, 2))
                .containsExactly("attention-1", "attention-2");
        // With more weight on novelty the copy loses: 0.5·0.95 − 0.5·0.9 = 0.025 against 0.5·0.6 − 0.5·0.1 = 0.25.
        assertThat(MaximalMarginalRelevance.select(CANDIDATES, RELEVANCE, MaximalMarginalRelevanceTest::similarity, 0.5, 2))
                .containsExactly("attention-1", "quantization");
    }

    @Test
    void neverReturnsMoreThanItHas() {
        assertThat(MaximalMarginalRelevance.select(CANDIDATES, RELEVANCE, MaximalMarginalRelevanceTest::similarity, 0.5, 10))
                .hasSize(3).doesNotHaveDuplicates();
    }
}
