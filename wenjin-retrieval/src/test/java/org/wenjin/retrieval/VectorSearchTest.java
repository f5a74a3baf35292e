package org.wenjin.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.retrieval.chunk.Chunker;

/** Dense vectors over the demo documents: search by meaning, across languages, fused with BM25, filtered, diversified. */
class VectorSearchTest {

    private static DocumentIndex index;

    @BeforeAll
    static void embedTheDemoDocuments() {
        index = DocumentIndex.inMemory(new Chunker(), true);
        assertThat(DemoDocuments.ingest(index).files()).isEqualTo(12);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    private static List<Passage> search(String query, int k, SearchMode mode) {
        return index.search(SearchRequest.of(query, k).withMode(mode));
    }

    private static String topSource(String query, SearchMode mode) {
        return search(query, 1, mode).getFirst().source();
    }

    @Test
    void anIndexWithVectorsSearchesHybridByDefault() {
        assertThat(index.hasVectors()).isTrue();
        assertThat(index.defaultMode()).isEqualTo(SearchMode.HYBRID);
        assertThat(index.search("GPT-3 有多少参数", 3)).isEqualTo(search("GPT-3 有多少参数", 3, SearchMode.HYBRID));
    }

    @Test
    void aChineseQuestionFindsTheEnglishDocumentThatAnswersIt() {
        assertThat(topSource("GPT-3 有多少参数", SearchMode.VECTOR)).isEqualTo("demo:gpt-series.md");
        assertThat(topSource("GPT-3 有多少参数", SearchMode.HYBRID)).isEqualTo("demo:gpt-series.md");
        assertThat(search("GPT-3 有多少参数", 3, SearchMode.HYBRID)).extracting(Passage::text)
                .anySatisfy(text -> assertThat(text).contains("With 175 billion parameters"));
    }

    /** Chinese questions whose answers are only in the English demo documents. */
    private static final List<List<String>> ACROSS_LANGUAGES = List.of(
            List.of("GPT-3 有多少参数", "demo:gpt-series.md"),
            List.of("GPT-2 的训练数据来自哪里", "demo:gpt-series.md"),
            List.of("自注意力机制是如何计算的", "demo:transformer.md"),
            List.of("Transformer 论文是哪一年发表的", "demo:transformer.md"),
            List.of("BERT 的掩码语言模型遮住多少比例的词", "demo:bert.md"),
            List.of("RLHF 的三个步骤是什么", "demo:chatgpt-and-rlhf.md"),
            List.of("ChatGPT 上线两个月有多少用户", "demo:chatgpt-and-rlhf.md"),
            List.of("LLaMA 的权重是怎么泄露的", "demo:llama-and-open-models.md"),
            List.of("检索增强生成这个名字来自哪篇论文", "demo:retrieval-augmented-generation.md"),
            List.of("混合检索是什么意思", "demo:retrieval-augmented-generation.md"));

    private static int foundInTopThree(List<List<String>> questions, SearchMode mode) {
        int found = 0;
        for (List<String> question : questions) {
            if (search(question.get(0), 3, mode).stream().anyMatch(p -> p.source().equals(question.get(1)))) {
                found++;
            }
        }
        return found;
    }

    @Test
    void acrossLanguagesVectorsAndHybridFindWhatBm25Misses() {
        int bm25 = foundInTopThree(ACROSS_LANGUAGES, SearchMode.BM25);
        int vector = foundInTopThree(ACROSS_LANGUAGES, SearchMode.VECTOR);
        int hybrid = foundInTopThree(ACROSS_LANGUAGES, SearchMode.HYBRID);
        String counts = "found in the top 3 of %d: bm25 %d, vector %d, hybrid %d".formatted(ACROSS_LANGUAGES.size(), bm25, vector, hybrid);
        // Measured: bm25 2, vector 8, hybrid 5; the margins leave room for rounding differences between CPUs.
        assertThat(vector).as(counts).isGreaterThanOrEqualTo(bm25 + 4);
        assertThat(hybrid).as(counts).isGreaterThanOrEqualTo(bm25 + 2);
    }

    @Test
    void anEnglishQuestionThatBm25FindsOnTopicRanksInHybridAsInBm25() {
        // Chinese passages that share a name with the question ("LLaMA" in the tokenization document) must not come between.
        for (String question : List.of("How does self-attention work?", "What are the three steps of RLHF?",
                "When did the LLaMA weights leak?")) {
            assertThat(search(question, 3, SearchMode.HYBRID)).extracting(Passage::chunkId)
                    .as(question).isEqualTo(search(question, 3, SearchMode.BM25).stream().map(Passage::chunkId).toList());
        }
    }

    /**
     * English questions whose answers are only in the Chinese demo documents, written after the fusion was chosen
     * on the evaluation sets (none of them is in those sets).
     */
    private static final List<List<String>> ENGLISH_ABOUT_CHINESE = List.of(
            List.of("When was ERNIE Bot opened to the general public?", "demo:ernie-bot.md"),
            List.of("How many subjects does MMLU cover?", "demo:evaluation.md"),
            List.of("What tutoring tool did Khan Academy build on GPT-4?", "demo:schools-and-hospitals.md"),
            List.of("Which company develops Tongyi Qianwen?", "demo:qwen.md"),
            List.of("Why are education and medicine the most sensitive uses of large models?", "demo:schools-and-hospitals.md"),
            List.of("How big is a 7B model after 4-bit quantization?", "demo:quantization.md"),
            List.of("Why does Chinese text take more tokens than English?", "demo:tokenization.md"),
            List.of("Who founded Baidu?", "demo:ernie-bot.md"),
            List.of("Which benchmark has questions in 52 subjects?", "demo:evaluation.md"));

    @Test
    void anEnglishQuestionAboutAChineseDocumentIsFoundByMeaningAmongTheChineseChunks() {
        int bm25 = foundInTopThree(ENGLISH_ABOUT_CHINESE, SearchMode.BM25);
        int vector = foundInTopThree(ENGLISH_ABOUT_CHINESE, SearchMode.VECTOR);
        int hybrid = foundInTopThree(ENGLISH_ABOUT_CHINESE, SearchMode.HYBRID);
        String counts = "found in the top 3 of %d: bm25 %d, vector %d, hybrid %d".formatted(ENGLISH_ABOUT_CHINESE.size(), bm25, vector, hybrid);
        // Measured: bm25 2, vector 0 (English chunks outrank Chinese ones for an English question), hybrid 8.
        assertThat(vector).as(counts).isLessThanOrEqualTo(1);
        assertThat(hybrid).as(counts).isGreaterThanOrEqualTo(bm25 + 4);
    }

    @Test
    void chineseQuestionsAboutChineseDocumentsStillComeFirstInEveryMode() {
        for (SearchMode mode : SearchMode.values()) {
            assertThat(topSource("文心一言是什么", mode)).as(mode.toString()).isEqualTo("demo:ernie-bot.md");
            assertThat(topSource("4比特量化后模型占多少内存", mode)).as(mode.toString()).isEqualTo("demo:quantization.md");
        }
    }

    @Test
    void vectorScoresAreCosineSimilaritiesAndHybridScoresFallFromTheTop() {
        List<Passage> vector = search("通义千问开源了哪些模型", 5, SearchMode.VECTOR);
        assertThat(vector).allSatisfy(p -> assertThat(p.score()).isBetween(0.3, 0.9));
        List<Passage> hybrid = search("通义千问开源了哪些模型", 5, SearchMode.HYBRID);
        assertThat(hybrid.getFirst().score()).isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
        for (int i = 1; i < hybrid.size(); i++) {
            assertThat(hybrid.get(i).score()).isLessThanOrEqualTo(hybrid.get(i - 1).score());
        }
    }

    @Test
    void filtersRestrictTheCandidatesInEveryMode() {
        for (SearchMode mode : SearchMode.values()) {
            List<Passage> bySource = index.search(SearchRequest.of("模型的参数", 5).withMode(mode).withSourcePrefix("demo:q"));
            assertThat(bySource).as(mode.toString()).isNotEmpty().allSatisfy(p ->
                    assertThat(p.source()).isIn("demo:qwen.md", "demo:quantization.md"));
            List<Passage> byTitle = index.search(SearchRequest.of("GPT 的参数", 5).withMode(mode).withTitle("the gpt series"));
            assertThat(byTitle).as(mode.toString()).isNotEmpty().allSatisfy(p ->
                    assertThat(p.source()).isEqualTo("demo:gpt-series.md"));
        }
        assertThat(index.search(SearchRequest.of("GPT-3", 5).withTitle("No Such Title"))).isEmpty();
    }

    @Test
    void diversityMakesRoomForOtherDocuments() {
        SearchRequest request = SearchRequest.of("文心一言和百度的文心大模型", 5);
        Set<String> plain = sources(index.search(request));
        Set<String> diverse = sources(index.search(request.withDiversity(0.5)));
        assertThat(diverse.size()).isGreaterThan(plain.size());
        assertThat(index.search(request.withDiversity(0.5)).getFirst())
                .isEqualTo(index.search(request).getFirst()); // the most relevant passage still leads
    }

    private static Set<String> sources(List<Passage> passages) {
        return passages.stream().map(Passage::source).collect(Collectors.toSet());
    }

    @Test
    void anIndexWithoutVectorsRefusesVectorAndHybridSearchByName() {
        try (DocumentIndex lexical = DocumentIndex.inMemory()) {
            lexical.ingestText("a", null, "# 量化\n\n量化用更少的比特保存模型参数。");
            assertThat(lexical.hasVectors()).isFalse();
            assertThat(lexical.defaultMode()).isEqualTo(SearchMode.BM25);
            assertThatThrownBy(() -> lexical.search(SearchRequest.of("量化", 1).withMode(SearchMode.VECTOR)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("vector search needs vectors, and this index was opened without them");
        }
    }

    @Test
    void anIndexOnDiskKeepsItsVectorsAndEmbedsAgainOnlyWhenTheSettingChanged(@TempDir Path folder) {
        Path dir = folder.resolve("index");
        String text = "# Attention\n\nSelf-attention compares every query with every key.";
        try (DocumentIndex lexical = DocumentIndex.open(dir, new Chunker(), false)) {
            assertThat(lexical.ingestText("notes", null, text).files()).isEqualTo(1);
        }
        try (DocumentIndex withVectors = DocumentIndex.open(dir)) {
            assertThat(withVectors.hasVectors()).isTrue();
            assertThat(withVectors.search(SearchRequest.of("注意力", 1).withMode(SearchMode.VECTOR))).isEmpty();
            assertThat(withVectors.ingestText("notes", null, text).files()).as("embedded now").isEqualTo(1);
        }
        try (DocumentIndex reopened = DocumentIndex.open(dir)) {
            assertThat(reopened.ingestText("notes", null, text).files()).as("unchanged").isZero();
            assertThat(reopened.search(SearchRequest.of("注意力机制", 1).withMode(SearchMode.VECTOR)))
                    .singleElement().extracting(Passage::source).isEqualTo("notes");
        }
    }

    @Test
    void searchModesParseByName() {
        assertThat(SearchMode.parse("Hybrid")).isEqualTo(SearchMode.HYBRID);
        assertThat(SearchMode.parse(" bm25 ")).isEqualTo(SearchMode.BM25);
        assertThatThrownBy(() -> SearchMode.parse("dense"))
                .hasMessage("unknown search mode \"dense\"; expected one of [hybrid, bm25, vector]");
    }
}
