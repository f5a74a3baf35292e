package org.wenjin.knowledge.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermsTest {

    @Test
    void splitsChineseIntoCharacterBigrams() {
        assertThat(Terms.of("总部所在地")).containsExactly("总部", "部所", "所在", "在地");
    }

    @Test
    void keepsASingleChineseCharacterAsItsOwnTerm() {
        assertThat(Terms.of("谁 开发")).containsExactly("谁", "开发");
    }

    @Test
    void stemsEnglishWordsAndDropsFunctionWords() {
        assertThat(Terms.of("When was it released in the US?")).containsExactly("releas");
        assertThat(Terms.of("Headquartered in")).containsExactly("headquart");
    }

    @Test
    void readsMixedTextByScript() {
        assertThat(Terms.of("ChatGPT的发布年份")).containsExactly("chatgpt", "的发", "发布", "布年", "年份");
    }

    @Test
    void coverageIsTheShareOfTheLabelFoundInTheText() {
        assertThat(Terms.coverage(Terms.of("发布年份"), Terms.of("哪一年发布"))).isEqualTo(1.0 / 3);
        assertThat(Terms.coverage(Terms.of("release year"), Terms.of("What year was it released?"))).isEqualTo(1.0);
        assertThat(Terms.coverage(Terms.of(""), Terms.of("anything"))).isZero();
    }
}
