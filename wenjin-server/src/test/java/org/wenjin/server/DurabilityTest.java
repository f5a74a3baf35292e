package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.store.ConversationStore;
import org.wenjin.store.Feedback;
import org.wenjin.store.Rating;
import org.wenjin.store.StoredMessage;

/**
 * What the server acknowledged survives the server being killed without warning: a server in another JVM
 * takes a question and feedback, is killed with SIGKILL (no shutdown hooks, no flushing), and the store
 * opened afresh holds both.
 */
class DurabilityTest {
    @TempDir
    Path dataDir;

    @Test
    void acknowledgedMessagesAndFeedbackSurviveKillMinusNine() throws Exception {
        Process process = startServer();
        try {
            int port = awaitPort(process);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;

            JsonNode conversation = post(http, base + "/api/conversations", "{\"title\":\"durable\"}");
            String id = conversation.path("id").asText();
            JsonNode done = post(http, base + "/api/conversations/" + id + "/messages",
                    "{\"content\":\"Will this survive?\",\"stream\":false}");
            String answerId = done.path("message_id").asText();
            JsonNode feedback = post(http, base + "/api/messages/" + answerId + "/feedback",
                    "{\"rating\":\"down\",\"better_answer\":\"Yes, once acknowledged.\"}");
            assertThat(feedback.path("id").asText()).isNotBlank();

            process.destroyForcibly();  // SIGKILL on Linux
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("killed by signal 9").isEqualTo(137);
        } finally {
            process.destroyForcibly();
        }

        try (ConversationStore store = ConversationStore.open(dataDir)) {
            assertThat(store.conversations()).singleElement().satisfies(c -> assertThat(c.title()).isEqualTo("durable"));
            List<StoredMessage> messages = store.messages(store.conversations().getFirst().id());
            assertThat(messages).extracting(StoredMessage::role).containsExactly("user", "assistant");
            assertThat(messages.getFirst().content()).isEqualTo("Will this survive?");
            StoredMessage answer = messages.get(1);
            assertThat(store.trace(answer.traceId())).isPresent();
            List<Feedback> feedback = store.feedback(answer.id());
            assertThat(feedback).singleElement().satisfies(f -> {
                assertThat(f.rating()).isEqualTo(Rating.DOWN);
                assertThat(f.betterAnswer()).isEqualTo("Yes, once acknowledged.");
                assertThat(f.model()).isEqualTo("wenjin-extractive");
            });
        }
    }

    private Process startServer() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerProcess.class.getName());
        command.add(dataDir.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** Reads the child's output until it reports its port; the rest of its output is drained in the background. */
    private static int awaitPort(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.startsWith(ServerProcess.READY)) {
                Thread.ofVirtual().start(() -> out.lines().forEach(ignored -> { }));
                return Integer.parseInt(line.substring(ServerProcess.READY.length()).strip());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the server process did not start:\n" + seen);
    }

    private static JsonNode post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isBetween(200, 201);
        return RunningServer.json(response);
    }
}
