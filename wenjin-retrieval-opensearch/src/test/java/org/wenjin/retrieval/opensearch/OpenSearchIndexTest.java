package org.wenjin.retrieval.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.Answer;
import org.wenjin.assistant.AnswerMode;
import org.wenjin.assistant.Assistant;
import org.wenjin.assistant.Question;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.Cancellation;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.SearchMode;
import org.wenjin.retrieval.SearchRequest;
import org.wenjin.retrieval.chunk.Chunker;

/** OpenSearchIndex against a real OpenSearch 3.5 node with the k-NN plugin, started in this JVM. */
class OpenSearchIndexTest {

    private static final String GREAT_WALL = """
            # 长城
            长城是中国古代的军事防御工程，东起山海关，西至嘉峪关，全长两万多公里。
            """;
    private static final String PANDA = """
            # 大熊猫
            大熊猫主要生活在四川的山区竹林中，以竹子为主要食物。
            """;
    private static final String TRANSFORMER = """
            # The Transformer
            The Transformer replaces recurrence with self-attention, so every token attends to every other token.
            """;

    @TempDir
    static Path home;
    private static EmbeddedNode node;
    private static OpenSearchIndex index;

    @BeforeAll
    static void startNodeAndIngest() throws Exception {
        node = EmbeddedNode.start(home);
        index = OpenSearchIndex.connect(node.endpoint(), "wenjin-passages", new Chunker(), true);
        assertThat(index.ingestText("demo:greatwall", null, GREAT_WALL).chunks()).isEqualTo(1);
        assertThat(index.ingestText("demo:panda", null, PANDA).chunks()).isEqualTo(1);
        assertThat(index.ingestText("notes:transformer", null, TRANSFORMER).chunks()).isEqualTo(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (index != null) {
            index.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theAssistantAnswersFromAPassageHeldOnlyInOpenSearch() {
        // No model and an empty graph: the answer can only be sentences extracted from this index's passages.
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            Assistant assistant = new Assistant(null, graph, index);

            Answer answer = assistant.answer(Question.of("长城有多长？"), text -> { }, new Cancellation());

            assertThat(answer.mode()).isEqualTo(AnswerMode.EXTRACTIVE);
            assertThat(answer.text()).contains("两万多公里").contains("[1]");
            assertThat(answer.citations()).first().satisfies(citation -> {
                assertThat(citation.kind()).isEqualTo("passage");
                assertThat(citation.source()).isEqualTo("demo:greatwall");
                assertThat(citation.text()).contains("全长两万多公里");
            });
        }
    }

    @Test
    void bm25FindsChineseWordsSegmentedBySmartcn() {
        List<Passage> hits = index.search(SearchRequest.of("长城有多长", 3).withMode(SearchMode.BM25));
        assertThat(hits).isNotEmpty();
        assertThat(hits.getFirst().source()).isEqualTo("demo:greatwall");
        assertThat(hits.getFirst().title()).isEqualTo("长城");
        assertThat(hits.getFirst().score()).isEqualTo(1.0);
        assertThat(hits).extracting(Passage::source).doesNotContain("notes:transformer");
    }

    @Test
    void bm25FindsEnglishWordsByTheirStem() {
        List<Passage> hits = index.search(SearchRequest.of("how do tokens attend", 3).withMode(SearchMode.BM25));
        assertThat(hits).extracting(Passage::source).containsExactly("notes:transformer");
    }

    @Test
    void vectorSearchFindsByMeaningWithoutSharedWords() {
        // Ranked by the embeddings alone: the k-NN query knows no words.
        List<Passage> hits = index.search(SearchRequest.of("哪种动物吃竹子", 3).withMode(SearchMode.VECTOR));
        assertThat(hits.getFirst().source()).isEqualTo("demo:panda");
        assertThat(hits.getFirst().score()).isBetween(0.5, 1.0);
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
    }

    @Test
    void hybridFusesBothListsByReciprocalRank() {
        List<Passage> hits = index.search(SearchRequest.of("长城的长度", 3).withMode(SearchMode.HYBRID));
        assertThat(hits.getFirst().source()).isEqualTo("demo:greatwall");
        // First in both lists: the best attainable fused score.
        assertThat(hits.getFirst().score()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(hits).extracting(Passage::chunkId).doesNotHaveDuplicates();
    }

    @Test
    void filtersBySourcePrefixAndTitle() {
        List<Passage> demo = index.search(SearchRequest.of("The Transformer 长城 大熊猫", 5)
                .withMode(SearchMode.BM25).withSourcePrefix("demo:"));
        assertThat(demo).extracting(Passage::source).containsExactlyInAnyOrder("demo:greatwall", "demo:panda");
        List<Passage> titled = index.search(SearchRequest.of("哪种动物吃竹子", 5)
                .withMode(SearchMode.VECTOR).withTitle("the transformer"));
        assertThat(titled).extracting(Passage::source).containsExactly("notes:transformer");
    }

    @Test
    void passageIsFoundAgainByItsChunkId() {
        Passage hit = index.search(SearchRequest.of("大熊猫", 1).withMode(SearchMode.BM25)).getFirst();
        assertThat(index.passage(hit.chunkId())).get()
                .extracting(Passage::text).isEqualTo(hit.text());
        assertThat(index.passage("no-such-chunk")).isEmpty();
    }

    @Test
    void removingASourceTakesItsPassagesOutOfEverySearch() {
        index.ingestText("tmp:wall", "临时", "长城 长城 长城");
        assertThat(index.search(SearchRequest.of("长城", 5).withMode(SearchMode.BM25)))
                .extracting(Passage::source).contains("tmp:wall");
        assertThat(index.removeSource("tmp:wall")).isTrue();
        assertThat(index.removeSource("tmp:wall")).isFalse();
        for (SearchMode mode : SearchMode.values()) {
            assertThat(index.search(SearchRequest.of("长城", 5).withMode(mode)))
                    .extracting(Passage::source).doesNotContain("tmp:wall");
        }
    }

    @Test
    void ingestingASourceAgainReplacesItsChunks() {
        long before = index.chunkCount();
        index.ingestText("tmp:again", null, "# 一\n第一版。");
        index.ingestText("tmp:again", null, "# 二\n第二版。");
        assertThat(index.chunkCount()).isEqualTo(before + 1);
        assertThat(index.search(SearchRequest.of("第二版", 3).withMode(SearchMode.BM25)).getFirst().title()).isEqualTo("二");
        index.removeSource("tmp:again");
    }

    @Test
    void anIndexWithoutVectorsRefusesVectorSearch() {
        try (OpenSearchIndex words = OpenSearchIndex.connect(node.endpoint(), "wenjin-words", new Chunker(), false)) {
            words.ingestText("demo:panda", null, PANDA);
            assertThat(words.search("大熊猫", 3)).extracting(Passage::source).containsExactly("demo:panda");
            assertThatThrownBy(() -> words.search(SearchRequest.of("大熊猫", 3).withMode(SearchMode.VECTOR)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs vectors");
        }
    }
}
