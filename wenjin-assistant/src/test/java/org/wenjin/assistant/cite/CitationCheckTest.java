package org.wenjin.assistant.cite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.Citation;

class CitationCheckTest {
    private final List<Citation> given = List.of(
            new Citation(1, "fact", "F1", "demo.ttl", "ERNIE Bot", "ERNIE Bot — developer — Baidu"),
            new Citation(2, "passage", "c-7", "ernie.md", "ERNIE Bot", "ERNIE Bot was released by Baidu in 2023."));

    @Test
    void keepsMarkersOfSourcesThatWereGivenInOrderOfFirstUse() {
        CitationCheck.Result result = new CitationCheck().check("Baidu built it [2]. It is Baidu's [1][2].", given);

        assertThat(result.text()).isEqualTo("Baidu built it [2]. It is Baidu's [1][2].");
        assertThat(result.cited()).extracting(Citation::number).containsExactly(2, 1);
        assertThat(result.invented()).isEmpty();
    }

    @Test
    void dropsAndReportsMarkersThatPointAtNoSource() {
        CitationCheck.Result result = new CitationCheck().check("百度开发了文心一言[1][7]，2023 年发布[9]。", given);

        assertThat(result.text()).isEqualTo("百度开发了文心一言[1]，2023 年发布。");
        assertThat(result.cited()).extracting(Citation::number).containsExactly(1);
        assertThat(result.invented()).containsExactly(7, 9);
    }

    @Test
    void leavesBracketedTextThatIsNotACitationAlone() {
        CitationCheck.Result result = new CitationCheck().check("Use a[i] or [see below] but not [12345].", given);

        assertThat(result.text()).isEqualTo("Use a[i] or [see below] but not [12345].");
        assertThat(result.cited()).isEmpty();
    }
}
