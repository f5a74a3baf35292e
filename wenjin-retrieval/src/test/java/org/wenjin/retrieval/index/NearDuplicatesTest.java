package org.wenjin.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

    @Test
    void theSameTextWithDifferentSpacingCaseAndPunctuationIsADuplicate() {
        NearDuplicates seen = new NearDuplicates();
        assertThat(seen.keep("BERT was trained on the BooksCorpus and English Wikipedia.")).isTrue();
        assertThat(seen.keep("bert was trained on the BooksCorpus and English   Wikipedia!")).isFalse();
    }

    @Test
    void aChineseParagraphWithOneWordChangedIsADuplicate() {
        NearDuplicates seen = new NearDuplicates();
        String original = "文心一言是百度推出的生成式对话产品，背后是百度的文心大模型，于2023年3月16日在北京发布，同年8月31日向公众全面开放。";
        assertThat(seen.keep(original)).isTrue();
        assertThat(seen.keep(original.replace("北京", "上海"))).isFalse();
    }

    @Test
    void passagesThatShareOnlyATopicAreBothKept() {
        NearDuplicates seen = new NearDuplicates();
        assertThat(seen.keep("BERT was trained on the BooksCorpus and English Wikipedia.")).isTrue();
        assertThat(seen.keep("GPT-2 was trained on WebText, pages linked from Reddit.")).isTrue();
        assertThat(seen.keep("文心一言是百度推出的对话产品。")).isTrue();
        assertThat(seen.keep("通义千问是阿里云推出的大模型。")).isTrue();
    }

    @Test
    void jaccardIsSharedShinglesOverAllShingles() {
        // "abcde" → {abcd, bcde}; "abcdf" → {abcd, bcdf}: one shared of three.
        assertThat(NearDuplicates.jaccard(NearDuplicates.shingles("abcde"), NearDuplicates.shingles("abcdf")))
                .isEqualTo(1 / 3.0);
    }
}
