package org.wenjin.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    @Test
    void anItemBothRankingsPlaceHighBeatsOneThatOnlyOneRanksFirst() {
        List<RankFusion.Fused<String>> fused = RankFusion.fuse(List.of(
                List.of("a", "b", "c"),
                List.of("b", "d", "a")));
        // b: 1/62 + 1/61; a: 1/61 + 1/63; d: 1/62; c: 1/63.
        assertThat(fused).extracting(RankFusion.Fused::item).containsExactly("b", "a", "d", "c");
        assertThat(fused.getFirst().score()).isCloseTo((1.0 / 62 + 1.0 / 61) / (2.0 / 61), within(1e-12));
    }

    @Test
    void scoresAreDividedByTheBestAttainableSoFirstInEveryRankingIsOne() {
        List<RankFusion.Fused<String>> fused = RankFusion.fuse(List.of(List.of("x", "y"), List.of("x")));
        assertThat(fused.getFirst().item()).isEqualTo("x");
        assertThat(fused.getFirst().score()).isEqualTo(1.0);
        assertThat(fused.getLast().score()).isCloseTo((1.0 / 62) / (2.0 / 61), within(1e-12));
    }

    @Test
    void aRankingOfWeightZeroAddsItemsButMovesNothing() {
        List<RankFusion.Fused<String>> fused = RankFusion.fuse(
                List.of(List.of("a", "b", "c"), List.of("c", "z", "b")), new double[] {1, 0});
        assertThat(fused).extracting(RankFusion.Fused::item).containsExactly("a", "b", "c", "z");
        assertThat(fused.getLast().score()).isZero();
    }

    @Test
    void tiesKeepTheOrderInWhichItemsWereFirstMet() {
        List<RankFusion.Fused<String>> fused = RankFusion.fuse(List.of(List.of("p", "q"), List.of("q", "p")));
        assertThat(fused).extracting(RankFusion.Fused::item).containsExactly("p", "q");
    }
}
