package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.model.local.LocalChatModel;

/**
 * The server answering with Wenjin's own engine on a real trained model (stories260K): the pipeline's
 * prompt goes through the model's chat template and tokenizer, and the reply streams back over the
 * OpenAI API with its usage and finish reason.
 */
class LocalModelServingTest {
    private static final Path STORIES =
            Path.of(System.getProperty("wenjin.testdata", "../shared/testdata")).resolve("stories260K.gguf");

    @TempDir
    static Path data;

    private static LocalChatModel model;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        model = LocalChatModel.load(STORIES, 0, 1);
        server = new RunningServer(data, RunningServer.config(), DemoAssistant.generative(model));
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
    }

    @Test
    void listsTheLocalModelAndAnswersWithItNonStreaming() {
        JsonNode models = RunningServer.json(server.get("/v1/models"));
        assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("stories260K");

        JsonNode completion = RunningServer.json(server.post("/v1/chat/completions", """
                {"model":"stories260K","max_tokens":12,"temperature":0,
                 "messages":[{"role":"user","content":"Once upon a time there was a little dog."}]}"""));

        assertThat(completion.at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(12);
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(completion.at("/wenjin/mode").asText()).isEqualTo("generative");

        JsonNode trace = RunningServer.json(server.get("/api/traces/" + completion.at("/wenjin/trace_id").asText()));
        assertThat(trace.get("prompt").asText())
                .as("the prompt the model saw is the chat template's rendering of the pipeline's messages")
                .contains("<|im_start|>user").contains("Once upon a time there was a little dog.");
    }

    @Test
    void streamsTheLocalModelsReplyInOpenAiChunks() {
        String body = server.post("/v1/chat/completions", """
                {"model":"stories260K","stream":true,"max_tokens":16,"temperature":0,
                 "messages":[{"role":"user","content":"Lily found a big red ball."}]}""").body();

        ServerEvents events = ServerEvents.parse(body);
        StringBuilder text = new StringBuilder();
        int contentChunks = 0;
        for (ServerEvents.Event event : events.events()) {
            if (event.data().equals("[DONE]")) {
                continue;
            }
            String delta = RunningServer.json(event.data()).at("/choices/0/delta/content").asText("");
            if (!delta.isEmpty()) {
                contentChunks++;
                text.append(delta);
            }
        }
        assertThat(events.events().getLast().data()).isEqualTo("[DONE]");
        assertThat(contentChunks).isGreaterThan(1);
        assertThat(text.toString()).isNotBlank();
    }
}
