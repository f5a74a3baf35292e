package org.wenjin.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Search over the bundled demo knowledge base, the way the assistant will use it. */
class DemoSearchTest {

    private static DocumentIndex index;

    @BeforeAll
    static void ingestTheDemoDocuments() {
        index = DocumentIndex.inMemory();
        IngestReport report = DemoDocuments.ingest(index);
        assertThat(report.files()).isEqualTo(12);
        assertThat(report.skipped()).isEmpty();
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void theDemoHasTwelveDocumentsHalfChineseHalfEnglishOfTwoToFiveHundredWordsEach() {
        List<String> names = DemoDocuments.names();
        assertThat(names).hasSize(12).doesNotHaveDuplicates();
        int chinese = 0;
        for (String name : names) {
            String text = DemoDocuments.read(name);
            assertThat(text).as(name).startsWith("# ");
            long han = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
            long words = text.split("\\s+").length;
            if (han > 100) {
                chinese++;
                assertThat(han).as("Chinese characters in %s", name).isBetween(200L, 560L);
            } else {
                assertThat(words).as("words in %s", name).isBetween(200L, 500L);
            }
        }
        assertThat(chinese).isEqualTo(6);
    }

    @Test
    void ingestingTheDemoAgainChangesNothing() {
        long chunks = index.chunkCount();
        IngestReport again = DemoDocuments.ingest(index);
        assertThat(again.files()).isZero();
        assertThat(index.chunkCount()).isEqualTo(chunks);
        assertThat(index.sources()).hasSize(12).allSatisfy(s -> assertThat(s.source()).startsWith("demo:"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            文心一言是什么                      | demo:ernie-bot.md
            百度的知识增强大模型                | demo:ernie-bot.md
            通义千问开源了哪些模型               | demo:qwen.md
            4比特量化后模型占多少内存            | demo:quantization.md
            为什么在CPU上也能运行大模型          | demo:quantization.md
            中文分词和字节级BPE有什么区别        | demo:tokenization.md
            大模型评测中的数据污染是什么         | demo:evaluation.md
            大模型在医院里有哪些风险             | demo:schools-and-hospitals.md
            """)
    void chineseQuestionsFindTheChineseDocumentFirst(String question, String source) {
        assertThat(index.search(question, 3).getFirst().source()).isEqualTo(source);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            How does self-attention work?                      | demo:transformer.md
            What is masked language modelling in BERT?         | demo:bert.md
            How many parameters does GPT-3 have?               | demo:gpt-series.md
            What are the three steps of RLHF?                  | demo:chatgpt-and-rlhf.md
            When did the LLaMA weights leak?                   | demo:llama-and-open-models.md
            How are documents split into chunks for retrieval? | demo:retrieval-augmented-generation.md
            """)
    void englishQuestionsFindTheEnglishDocumentFirst(String question, String source) {
        assertThat(index.search(question, 3).getFirst().source()).isEqualTo(source);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ERNIE Bot 的知识增强                  | demo:ernie-bot.md
            Qwen 的词表有多大                     | demo:qwen.md
            RLHF 和 PPO                          | demo:chatgpt-and-rlhf.md
            GGUF 格式和 llama.cpp                 | demo:quantization.md
            Chatbot Arena 怎么给模型排名           | demo:evaluation.md
            """)
    void mixedQuestionsFindTheDocumentThatHasBothParts(String question, String source) {
        assertThat(index.search(question, 3).getFirst().source()).isEqualTo(source);
    }

    @Test
    void theErnieBotAnswerPassageCarriesItsTitleAndSection() {
        Passage top = index.search("文心一言是什么", 1).getFirst();
        assertThat(top.title()).isEqualTo("文心一言与知识增强");
        assertThat(top.text()).contains("文心一言（英文名 ERNIE Bot）是百度推出的生成式对话产品");
        Passage origin = index.search("ERNIE 1.0 的掩码方法", 1).getFirst();
        assertThat(origin.section()).isEqualTo("ERNIE 的由来");
    }

    @Test
    void resultsNeverRepeatAPassageAndComeBestFirst() {
        List<Passage> results = index.search("large language models 大语言模型", 10);
        assertThat(results).hasSize(10);
        assertThat(results).extracting(Passage::chunkId).doesNotHaveDuplicates();
        for (int i = 1; i < results.size(); i++) {
            assertThat(results.get(i).score()).isLessThanOrEqualTo(results.get(i - 1).score());
        }
    }

    /** The normalised score is what lets the assistant say "the documents don't cover this". */
    @Test
    void onTopicQuestionsScoreWellAboveOffTopicOnes() {
        for (String onTopic : List.of("文心一言是什么", "What are the three steps of RLHF?", "量化", "Chatbot Arena")) {
            assertThat(index.search(onTopic, 1).getFirst().score()).as(onTopic).isGreaterThan(0.35);
        }
        for (String offTopic : List.of("哈利波特的作者是谁", "who wrote Harry Potter", "今天北京的天气怎么样",
                "best pizza recipe with tomatoes")) {
            List<Passage> results = index.search(offTopic, 1);
            double best = results.isEmpty() ? 0 : results.getFirst().score();
            assertThat(best).as(offTopic).isLessThan(0.15);
        }
    }
}
