package org.wenjin.assistant.cite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.Citation;

class RenumberingTest {
    private static Citation passage(int number) {
        return new Citation(number, "passage", "c" + number, "doc.md", "Doc", "text " + number);
    }

    @Test
    void sourcesAreNumberedInTheOrderTheReaderMeetsThemAcrossPieces() {
        Renumbering.Result result = new Renumbering().apply(
                List.of("First [7].", " Second [9][7].", " Third [8]."), List.of(passage(7), passage(8), passage(9)));

        assertThat(result.pieces()).containsExactly("First [1].", " Second [2][1].", " Third [3].");
        assertThat(result.citations()).extracting(Citation::number).containsExactly(1, 2, 3);
        assertThat(result.citations()).extracting(Citation::sourceId).containsExactly("c7", "c9", "c8");
    }

    @Test
    void markersOfSourcesNotCitedAreLeftAsTheyAre() {
        Renumbering.Result result = new Renumbering().apply(List.of("See a[2] and [5]."), List.of(passage(5)));

        assertThat(result.text()).isEqualTo("See a[2] and [1].");
    }
}
