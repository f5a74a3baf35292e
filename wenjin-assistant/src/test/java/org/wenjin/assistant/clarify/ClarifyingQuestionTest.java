package org.wenjin.assistant.clarify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.Language;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.ChatMessage;

/** Over a small graph where two people share the name 李娜 / Li Na. */
class ClarifyingQuestionTest {
    private static KnowledgeGraph graph;
    private static Namesakes namesakes;
    private static ClarifyingQuestion clarifying;

    @BeforeAll
    static void load() throws IOException {
        graph = KnowledgeGraph.inMemory();
        try (InputStream in = ClarifyingQuestionTest.class.getResourceAsStream("/org/wenjin/assistant/namesakes.ttl")) {
            graph.importTurtle(in, "namesakes.ttl");
        }
        namesakes = new Namesakes(graph);
        clarifying = new ClarifyingQuestion(namesakes);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    @Test
    void aSharedNameWithNothingToChooseByIsAmbiguousAndItsSensesAreTold() {
        String question = "李娜出生在哪里？";

        Ambiguity ambiguity = namesakes.find(question, graph.link(question), null).orElseThrow();

        assertThat(ambiguity.name()).isEqualTo("李娜");
        assertThat(ambiguity.senses()).extracting(Sense::type).containsExactlyInAnyOrder("网球运动员", "歌手");
        assertThat(ambiguity.senses()).allSatisfy(s -> assertThat(s.description()).startsWith("中国"));
    }

    @Test
    void aTypeWordBesideTheNameSettlesIt() {
        String question = "网球运动员李娜出生在哪里？";

        assertThat(namesakes.find(question, graph.link(question), null)).isEmpty();
    }

    @Test
    void theQuestionListsTheSensesInTheQuestionsLanguage() {
        String question = "Where was Li Na born?";
        Ambiguity ambiguity = namesakes.find(question, graph.link(question), null).orElseThrow();

        String ask = clarifying.ask(ambiguity, Language.ENGLISH);

        assertThat(ask).startsWith("“Li Na” may refer to several things; which one do you mean?")
                .contains("1. Li Na (").contains("2. Li Na (").contains("(tennis player): Chinese tennis player")
                .contains("(singer): Chinese singer");
    }

    @Test
    void aReplyByNumberOrByWordsChoosesASenseAndRewritesTheFirstQuestion() {
        String question = "李娜出生在哪里？";
        String ask = clarifying.ask(namesakes.find(question, graph.link(question), null).orElseThrow(), Language.CHINESE);
        List<ChatMessage> history = List.of(ChatMessage.user(question), ChatMessage.assistant(ask));
        Sense first = namesakes.senses("李娜", Language.CHINESE).getFirst();

        Choice byNumber = clarifying.resolve("第一个", history).orElseThrow();
        Choice byWords = clarifying.resolve("我问的是那位歌手", history).orElseThrow();

        assertThat(byNumber.sense()).isEqualTo(first);
        assertThat(byNumber.rewrite().question()).isEqualTo("李娜（" + first.type() + "）出生在哪里？");
        assertThat(byWords.sense().type()).isEqualTo("歌手");
        assertThat(byWords.rewrite().question()).isEqualTo("李娜（歌手）出生在哪里？");
        assertThat(clarifying.resolve("2", history).orElseThrow().sense()).isEqualTo(namesakes.senses("李娜", Language.CHINESE).get(1));
        assertThat(clarifying.resolve("都不是", history)).isEmpty();
        assertThat(clarifying.resolve("GPT-2是什么？", history)).as("a new question that holds a number").isEmpty();
        assertThat(clarifying.resolve("第一个", List.of(ChatMessage.user(question), ChatMessage.assistant("李娜是网球运动员。"))))
                .as("no clarifying question was asked").isEmpty();
    }
}
