package org.wenjin.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.knowledge.KnowledgeGraph;

/**
 * Scripted conversations in Chinese and English with no model: follow-ups are rewritten, a name two people
 * share is asked about and the reply settles it, and what the user said is recalled in a new conversation.
 * The graph is the demo plus two people named 李娜 / Li Na.
 */
class ExtractiveConversationTest {
    private static KnowledgeGraph graph;
    private static Assistant assistant;

    @BeforeAll
    static void load() throws IOException {
        graph = DemoKnowledge.graph();
        try (InputStream in = ExtractiveConversationTest.class.getResourceAsStream("namesakes.ttl")) {
            graph.importTurtle(in, "namesakes.ttl");
        }
        assistant = new Assistant(null, graph, DemoKnowledge.documents());
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    @Test
    void aChineseConversation() {
        List<UserMemory> memories = new ArrayList<>();
        Conversation conversation = new Conversation(assistant, null, memories);

        Answer developer = conversation.ask("我在县医院儿科工作。文心一言是哪家公司开发的？");
        assertThat(developer.text()).contains("百度");

        Answer year = conversation.ask("它是哪一年发布的？");
        assertThat(year.trace().rewrittenQuestion()).isEqualTo("文心一言是哪一年发布的？");
        assertThat(year.text()).contains("2023");

        Answer clarify = conversation.ask("李娜出生在哪里？");
        assertThat(clarify.trace().plan()).first().isEqualTo("ask which entity a shared name means");
        assertThat(clarify.text()).startsWith("“李娜”可以指多个对象，你问的是哪一个？")
                .contains("李娜（网球运动员）：中国网球运动员").contains("李娜（歌手）：中国女歌手");
        assertThat(clarify.citations()).isEmpty();

        Answer chosen = conversation.ask("网球运动员");
        assertThat(chosen.trace().rewrittenQuestion()).isEqualTo("李娜（网球运动员）出生在哪里？");
        assertThat(chosen.text()).contains("武汉").doesNotContain("郑州");

        Answer later = conversation.ask("她是哪一年出生的？");
        assertThat(later.trace().rewrittenQuestion()).isEqualTo("李娜（网球运动员）是哪一年出生的？");
        assertThat(later.trace().plan()).as("the choice holds for the rest of the conversation")
                .doesNotContain("ask which entity a shared name means");
        assertThat(later.text()).contains("1982").doesNotContain("1963");

        Answer recalled = new Conversation(assistant, null, memories).ask("儿科医生可以用大模型做什么？");
        assertThat(recalled.trace().memories()).contains("在县医院儿科工作");
    }

    @Test
    void anEnglishConversation() {
        List<UserMemory> memories = new ArrayList<>();
        Conversation conversation = new Conversation(assistant, null, memories);

        Answer developer = conversation.ask("I work at a village school. Who developed BERT?");
        assertThat(developer.text()).contains("Google");

        Answer year = conversation.ask("When was it released?");
        assertThat(year.trace().rewrittenQuestion()).isEqualTo("When was BERT released?");
        assertThat(year.text()).contains("2018");

        Answer clarify = conversation.ask("Where was Li Na born?");
        assertThat(clarify.trace().plan()).containsExactly("ask which entity a shared name means");
        assertThat(clarify.text()).startsWith("“Li Na” may refer to several things; which one do you mean?")
                .contains("Li Na (tennis player): Chinese tennis player").contains("Li Na (singer): Chinese singer");

        Answer chosen = conversation.ask("the singer");
        assertThat(chosen.trace().rewrittenQuestion()).isEqualTo("Where was Li Na (singer) born?");
        assertThat(chosen.text()).contains("Zhengzhou").doesNotContain("Wuhan");

        Answer later = conversation.ask("When was she born?");
        assertThat(later.trace().rewrittenQuestion()).isEqualTo("When was Li Na (singer) born?");
        assertThat(later.trace().plan()).doesNotContain("ask which entity a shared name means");
        assertThat(later.text()).contains("1963").doesNotContain("1982");

        Answer recalled = new Conversation(assistant, null, memories).ask("How can a village school use language models?");
        assertThat(recalled.trace().memories()).contains("works at a village school");
    }
}
