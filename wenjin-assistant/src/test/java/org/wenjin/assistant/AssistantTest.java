package org.wenjin.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.model.Cancellation;

/** The pipeline over the bundled demo knowledge, with no model: answers are extracted and cited. */
class AssistantTest {
    private static Assistant assistant;

    @BeforeAll
    static void loadDemo() {
        assistant = Assistant.withDemoKnowledge();
    }

    private static Answer ask(String question, List<String> streamed) {
        return assistant.answer(Question.of(question), streamed::add, new Cancellation());
    }

    @Test
    void aChineseFactoidIsAnsweredFromTheGraphWithItsFactCited() {
        List<String> streamed = new ArrayList<>();

        Answer answer = ask("文心一言是哪家公司开发的？", streamed);

        assertThat(answer.mode()).isEqualTo(AnswerMode.EXTRACTIVE);
        assertThat(answer.model()).isEqualTo("wenjin-extractive");
        assertThat(answer.text()).contains("百度").contains("[1]").contains("未配置生成式模型");
        assertThat(answer.citations()).isNotEmpty().first().satisfies(c -> assertThat(c.kind()).isEqualTo("fact"));
        assertThat(String.join("", streamed)).isEqualTo(answer.text());
        assertThat(answer.trace().plan()).contains("answer directly from graph facts");
        assertThat(answer.trace().entities()).anySatisfy(e -> assertThat(e).contains("文心一言"));
    }

    @Test
    void anEnglishQuestionIsAnsweredWithSentencesFromTheDocumentsEachCited() {
        Answer answer = ask("What is retrieval-augmented generation?", new ArrayList<>());

        assertThat(answer.text()).containsIgnoringCase("retriev").contains("No generative model is configured");
        assertThat(answer.citations()).isNotEmpty().anySatisfy(c -> assertThat(c.kind()).isEqualTo("passage"));
        for (Citation citation : answer.citations()) {
            assertThat(answer.text()).contains("[" + citation.number() + "]");
        }
        assertThat(answer.trace().passages()).isNotEmpty();
        assertThat(answer.citations()).extracting(Citation::number)
                .as("an extractive answer numbers its sources 1, 2, 3 as they are read")
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, answer.citations().size()).boxed().toList());
        assertThat(answer.text()).startsWithIgnoringCase("Retrieval-augmented generation");
        assertThat(answer.trace().timingsMillis()).containsKeys("link entities", "plan", "search documents", "extract answer");
    }

    @Test
    void aQuestionTheKnowledgeBaseKnowsNothingAboutSaysSoPlainly() {
        Answer answer = ask("How do I bake sourdough bread at high altitude?", new ArrayList<>());

        assertThat(answer.text()).satisfiesAnyOf(
                text -> assertThat(text).contains("found nothing"),
                text -> assertThat(answer.citations()).isNotEmpty());
        assertThat(answer.text()).contains("No generative model is configured");
    }

    @Test
    void everyTraceRecordsTheQuestionThePlanAndTheSourcesOffered() {
        Answer answer = ask("Who developed BERT?", new ArrayList<>());

        Trace trace = answer.trace();
        assertThat(trace.id()).isNotBlank();
        assertThat(trace.question()).isEqualTo("Who developed BERT?");
        assertThat(trace.plan()).isNotEmpty();
        assertThat(trace.mode()).isEqualTo(AnswerMode.EXTRACTIVE);
        assertThat(answer.text()).contains("Google");
    }

    @Test
    void aFollowUpIsRewrittenFromTheConversationBeforeTheKnowledgeIsConsulted() {
        List<org.wenjin.model.ChatMessage> history = List.of(
                org.wenjin.model.ChatMessage.user("文心一言是哪家公司开发的？"),
                org.wenjin.model.ChatMessage.assistant("文心一言的开发者是百度。 [1]"));

        Answer answer = assistant.answer(new Question("它是哪一年发布的？", history, null), text -> { }, new Cancellation());

        assertThat(answer.trace().question()).isEqualTo("它是哪一年发布的？");
        assertThat(answer.trace().rewrittenQuestion()).isEqualTo("文心一言是哪一年发布的？");
        assertThat(answer.trace().notes()).anySatisfy(note -> assertThat(note).contains("它"));
        assertThat(answer.text()).contains("2023");
    }
}
