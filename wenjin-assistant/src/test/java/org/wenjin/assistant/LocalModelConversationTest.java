package org.wenjin.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.memory.UserMemory;
import org.wenjin.assistant.prompt.PromptTemplates;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.local.LocalChatModel;
import org.wenjin.retrieval.DocumentIndex;

/**
 * The pipeline with Wenjin's own engine on the smallest real model there is (stories260K, which writes
 * children's stories whatever it is asked), the model doing the dialogue work too ({@link DialogueMode#MODEL}).
 * The model-driven steps run end to end and, since the model's
 * rewrites and plans are gibberish, fall back to the rules, saying so in the trace; the scripted Chinese and
 * English conversations still rewrite follow-ups, ask which 李娜 / Li Na is meant and recall what the user
 * said in a new conversation; a long conversation's prompts stay within the model's context, counted with
 * the model's own tokenizer. The graph is the demo plus two people named 李娜 / Li Na.
 */
class LocalModelConversationTest {
    private static final Path STORIES =
            Path.of(System.getProperty("wenjin.testdata", "../shared/testdata")).resolve("stories260K.gguf");
    private static final GenerationOptions GREEDY_48 = new GenerationOptions(48, 0, 1, 7L, List.of());

    private static KnowledgeGraph graph;
    private static DocumentIndex documents;
    private static LocalChatModel model;

    @BeforeAll
    static void load() throws IOException {
        graph = DemoKnowledge.graph();
        try (InputStream in = LocalModelConversationTest.class.getResourceAsStream("namesakes.ttl")) {
            graph.importTurtle(in, "namesakes.ttl");
        }
        documents = DemoKnowledge.documents();
        // A short context keeps the prompts quick to read; Chinese takes three tokens a character in this vocabulary.
        model = LocalChatModel.load(STORIES, 1024, 1);
    }

    @AfterAll
    static void close() {
        model.close();
        graph.close();
        documents.close();
    }

    @Test
    void aLongConversationsPromptsStayWithinTheContextAndTheOlderTurnsAreCondensed() {
        // A shorter context still, so that a few turns already overflow it.
        try (LocalChatModel model = LocalChatModel.load(STORIES, 512, 1)) {
            longConversation(model);
        }
    }

    private static void longConversation(LocalChatModel model) {
        Conversation conversation = new Conversation(new Assistant(model, graph, documents, PromptTemplates.bundled(), DialogueMode.MODEL), GREEDY_48, new ArrayList<>());
        List<String> questions = List.of("Who developed BERT?", "When was it released?", "What about GPT-3?",
                "What is retrieval-augmented generation?", "Who founded OpenAI?", "Who developed LLaMA?");

        Answer last = null;
        for (String question : questions) {
            last = conversation.ask(question);
            assertThat(last.mode()).isEqualTo(AnswerMode.GENERATIVE);
            assertThat(last.promptTokens()).as("the prompt as the engine tokenized it")
                    .isPositive().isLessThanOrEqualTo(model.contextLength() - GREEDY_48.maxTokens());
        }

        assertThat(last.trace().notes()).anySatisfy(note -> assertThat(note).contains("older messages did not fit")
                .containsAnyOf("model summary (summarize v1)", "key sentences (the model's summary was"));
        assertThat(last.trace().budget()).first().asString().startsWith("instruction: ");
        assertThat(last.trace().budget()).anySatisfy(line -> assertThat(line).startsWith("summary of "));
        assertThat(last.trace().prompt()).contains("Who developed LLaMA?");
        assertThat(last.trace().timingsMillis()).containsKeys("rewrite", "plan", "build the prompt", "generate");
    }

    @Test
    void anEnglishConversation() {
        Assistant assistant = new Assistant(model, graph, documents, PromptTemplates.bundled(), DialogueMode.MODEL);
        List<UserMemory> memories = new ArrayList<>();
        Conversation conversation = new Conversation(assistant, GREEDY_48, memories);

        Answer first = conversation.ask("I work at a village school. Who developed BERT?");
        assertThat(first.mode()).isEqualTo(AnswerMode.GENERATIVE);
        assertThat(first.trace().notes()).anySatisfy(note -> assertThat(note).startsWith("the model's plan was not used (")
                .endsWith("); planned by rules"));
        assertThat(first.trace().plan()).containsExactly("look up the knowledge graph", "search the documents",
                "write the answer with the model");

        Answer year = conversation.ask("When was it released?");
        assertThat(year.trace().notes()).anySatisfy(note -> assertThat(note).startsWith("the model's rewrite was not used (")
                .endsWith("); rewritten by rules"));
        assertThat(year.trace().rewrittenQuestion()).isEqualTo("When was BERT released?");
        assertThat(year.trace().prompt()).contains("When was BERT released?");

        Answer clarify = conversation.ask("Where was Li Na born?");
        assertThat(clarify.trace().plan()).containsExactly("ask which entity a shared name means");
        assertThat(clarify.text()).startsWith("“Li Na” may refer to several things").contains("(singer)");

        Answer chosen = conversation.ask("the singer");
        assertThat(chosen.trace().rewrittenQuestion()).isEqualTo("Where was Li Na (singer) born?");
        assertThat(chosen.trace().facts()).extracting(c -> c.text())
                .anySatisfy(fact -> assertThat(fact).contains("Zhengzhou")).noneSatisfy(fact -> assertThat(fact).contains("Wuhan"));

        assertThat(assistant.remember("I work at a village school. Who developed BERT?"))
                .as("the model's reply is no list of memories, so the rules find them")
                .containsExactly(new UserMemory("fact", "works at a village school"));
        Answer recalled = new Conversation(assistant, GREEDY_48, memories).ask("How can a village school use language models?");
        assertThat(recalled.trace().memories()).contains("works at a village school");
        assertThat(recalled.trace().prompt()).contains("- works at a village school");
    }

    @Test
    void aChineseConversation() {
        Assistant assistant = new Assistant(model, graph, documents, PromptTemplates.bundled(), DialogueMode.MODEL);
        List<UserMemory> memories = new ArrayList<>();
        Conversation conversation = new Conversation(assistant, GREEDY_48, memories);

        conversation.ask("我在县医院儿科工作。文心一言是哪家公司开发的？");

        Answer year = conversation.ask("它是哪一年发布的？");
        assertThat(year.trace().notes()).anySatisfy(note -> assertThat(note).startsWith("the model's rewrite was not used ("));
        assertThat(year.trace().rewrittenQuestion()).isEqualTo("文心一言是哪一年发布的？");

        Answer clarify = conversation.ask("李娜出生在哪里？");
        assertThat(clarify.trace().plan()).containsExactly("ask which entity a shared name means");
        assertThat(clarify.text()).startsWith("“李娜”可以指多个对象").contains("李娜（网球运动员）");

        Answer chosen = conversation.ask("第一个");
        assertThat(chosen.trace().rewrittenQuestion()).isEqualTo("李娜（歌手）出生在哪里？")
                .as("the senses are listed in a stable order, the singer's IRI first");
        assertThat(chosen.trace().facts()).extracting(c -> c.text()).anySatisfy(fact -> assertThat(fact).contains("郑州"));

        Answer recalled = new Conversation(assistant, GREEDY_48, memories).ask("儿科医生可以用大模型做什么？");
        assertThat(recalled.trace().memories()).contains("在县医院儿科工作");
        assertThat(recalled.trace().prompt()).contains("- 在县医院儿科工作");
    }

    @Test
    void inRulesModeTheModelOnlyWritesTheAnswer() {
        Conversation conversation = new Conversation(new Assistant(model, graph, documents), GREEDY_48, new ArrayList<>());

        conversation.ask("Who developed BERT?");
        Answer year = conversation.ask("When was it released?");

        assertThat(year.mode()).isEqualTo(AnswerMode.GENERATIVE);
        assertThat(year.trace().rewrittenQuestion()).isEqualTo("When was BERT released?");
        assertThat(year.trace().notes()).noneSatisfy(note -> assertThat(note).startsWith("the model"));
    }
}
