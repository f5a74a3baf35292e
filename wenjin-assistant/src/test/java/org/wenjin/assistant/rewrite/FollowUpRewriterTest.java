package org.wenjin.assistant.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.DemoKnowledge;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.ChatMessage;

/** Follow-ups made standalone with the demo graph's entity linker, no model. */
class FollowUpRewriterTest {
    private static KnowledgeGraph graph;
    private static FollowUpRewriter rewriter;

    @BeforeAll
    static void load() {
        graph = DemoKnowledge.graph();
        rewriter = new FollowUpRewriter(graph::link);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private static List<ChatMessage> after(String question, String answer) {
        return List.of(ChatMessage.user(question), ChatMessage.assistant(answer));
    }

    @Test
    void aChinesePronounBecomesTheEntityOfThePreviousQuestion() {
        Rewrite rewrite = rewriter.rewrite("它是什么时候发布的？", after("文心一言是哪家公司开发的？", "文心一言的开发者是百度。"));

        assertThat(rewrite.question()).isEqualTo("文心一言是什么时候发布的？");
        assertThat(rewrite.reason()).contains("它").contains("文心一言");
    }

    @Test
    void aChineseEllipsisAsksThePreviousQuestionAboutTheNewEntity() {
        Rewrite rewrite = rewriter.rewrite("阿里巴巴呢？", after("百度的总部在哪里？", "百度的总部在北京。"));

        assertThat(rewrite.question()).isEqualTo("阿里巴巴的总部在哪里？");
    }

    @Test
    void thatItsQuantityFollowUpIsAskedOutright() {
        Rewrite rewrite = rewriter.rewrite("那它的参数呢？", after("GPT-3是谁开发的？", "GPT-3的开发者是OpenAI。"));

        assertThat(rewrite.question()).isEqualTo("GPT-3的参数是多少？");
    }

    @Test
    void anEnglishPronounBecomesTheEntityOfThePreviousQuestion() {
        Rewrite rewrite = rewriter.rewrite("When was it released?", after("Who developed BERT?", "The developer of BERT is Google."));

        assertThat(rewrite.question()).isEqualTo("When was BERT released?");
    }

    @Test
    void anEnglishWhatAboutAsksThePreviousQuestionAgain() {
        Rewrite rewrite = rewriter.rewrite("What about GPT-3?", after("Who developed BERT?", "Google."));

        assertThat(rewrite.question()).isEqualTo("Who developed GPT-3?");
    }

    @Test
    void turnsThatNameTheirOwnSubjectOrHaveNoHistoryAreLeftAlone() {
        List<ChatMessage> history = after("Who developed BERT?", "Google.");

        assertThat(rewriter.rewrite("Is it true that GPT-3 has 175 billion parameters?", history).changed()).isFalse();
        assertThat(rewriter.rewrite("它是什么时候发布的？", List.of()).changed()).isFalse();
        assertThat(rewriter.rewrite("其他模型呢？", after("什么是知识增强？", "……")).question()).doesNotContain("知识增强模型");
        assertThat(rewriter.rewrite("How are you today?", history).changed()).isFalse();
    }
}
