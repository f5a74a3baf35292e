package org.wenjin.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.local.LocalChatModel;
import org.wenjin.retrieval.DocumentIndex;

/**
 * The pipeline with Wenjin's own engine on the smallest real model there is (stories260K, which writes
 * children's stories whatever it is asked): a long conversation's prompts stay within the model's context,
 * counted with the model's own tokenizer.
 */
class LocalModelConversationTest {
    private static final Path STORIES =
            Path.of(System.getProperty("wenjin.testdata", "../shared/testdata")).resolve("stories260K.gguf");
    private static final GenerationOptions GREEDY_48 = new GenerationOptions(48, 0, 1, 7L, List.of());

    private static KnowledgeGraph graph;
    private static DocumentIndex documents;
    private static LocalChatModel model;

    @BeforeAll
    static void load() {
        graph = DemoKnowledge.graph();
        documents = DemoKnowledge.documents();
        // A short context, so that a few turns already overflow it and the prompt is quick to read.
        model = LocalChatModel.load(STORIES, 512, 1);
    }

    @AfterAll
    static void close() {
        model.close();
        graph.close();
        documents.close();
    }

    @Test
    void aLongConversationsPromptsStayWithinTheContextAndTheOlderTurnsAreCondensed() {
        Conversation conversation = new Conversation(new Assistant(model, graph, documents), GREEDY_48, new ArrayList<>());
        List<String> questions = List.of("Who developed BERT?", "When was it released?", "What about GPT-3?",
                "What is retrieval-augmented generation?", "Who founded OpenAI?", "What is a transformer?",
                "Who developed LLaMA?");

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
}
