package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-term memory over the API: taken from what users say, shown to them, edited and deleted by them. */
class MemoryApiTest {
    @TempDir
    Path data;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String newConversation() {
        return RunningServer.json(server.post("/api/conversations", "{}")).get("id").asText();
    }

    @Test
    void whatAUserSaysAboutThemselvesIsRememberedWithItsMessageAndRecalledInLaterConversations() {
        server = new RunningServer(data, RunningServer.config(), DemoAssistant.extractive());
        String first = newConversation();
        JsonNode said = RunningServer.json(server.post("/api/conversations/" + first + "/messages",
                "{\"content\":\"我在县医院儿科工作。以后请用英文回答。\",\"stream\":false}"));

        JsonNode memories = RunningServer.json(server.get("/api/memories")).get("memories");
        assertThat(memories).hasSize(2);
        assertThat(memories.findValuesAsText("text")).containsExactlyInAnyOrder("在县医院儿科工作", "用英文回答");
        assertThat(memories.findValuesAsText("source_message_id")).containsOnly(said.get("user_message_id").asText());

        String second = newConversation();
        JsonNode answer = RunningServer.json(server.post("/api/conversations/" + second + "/messages",
                "{\"content\":\"儿科医生能用大模型做什么？\",\"stream\":false}"));
        JsonNode trace = RunningServer.json(server.get("/api/traces/" + answer.get("trace_id").asText()));
        assertThat(trace.get("memories").toString()).contains("在县医院儿科工作").contains("用英文回答");
    }

    @Test
    void usersEditAndDeleteWhatIsRemembered() {
        server = new RunningServer(data, RunningServer.config(), DemoAssistant.extractive());
        JsonNode added = RunningServer.json(server.post("/api/memories", "{\"text\":\"teaches physics\"}"));
        assertThat(added.get("kind").asText()).isEqualTo("fact");
        String id = added.get("id").asText();

        JsonNode edited = RunningServer.json(server.patch("/api/memories/" + id, "{\"text\":\"teaches chemistry\"}"));
        assertThat(edited.get("text").asText()).isEqualTo("teaches chemistry");
        assertThat(server.delete("/api/memories/" + id).statusCode()).isEqualTo(204);
        assertThat(server.delete("/api/memories/" + id).statusCode()).isEqualTo(404);
        assertThat(RunningServer.json(server.get("/api/memories")).get("memories")).isEmpty();

        assertThat(server.post("/api/memories", "{\"text\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(server.post("/api/memories", "{\"text\":\"x\",\"kind\":\"secret\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void withApiKeysEachKeyIsItsOwnUser() {
        server = new RunningServer(data, RunningServer.config().withApiKeys(Set.of("alice-key", "bob-key")),
                DemoAssistant.extractive());
        server.apiKey = "alice-key";
        server.post("/api/memories", "{\"text\":\"likes poetry\"}");

        server.apiKey = "bob-key";
        assertThat(RunningServer.json(server.get("/api/memories")).get("memories")).isEmpty();
        server.apiKey = "alice-key";
        assertThat(RunningServer.json(server.get("/api/memories")).get("memories")).hasSize(1);
    }
}
