package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document describes exactly the routes the server registers. */
class OpenApiDocumentTest {
    @TempDir
    Path dataDir;

    @Test
    void everyRegisteredRouteIsDescribedAndNothingElse() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            JsonNode document = RunningServer.json(server.get("/openapi.json"));
            assertThat(document.path("openapi").asText()).startsWith("3.");
            List<String> described = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    if (!operation.getKey().equals("parameters")) {
                        described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }
            }
            assertThat(server.server.routes()).hasSizeGreaterThan(10);
            assertThat(described).containsExactlyInAnyOrderElementsOf(server.server.routes());
        }
    }

    @Test
    void everyReferencedSchemaExists() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            String text = server.get("/openapi.json").body();
            JsonNode schemas = RunningServer.json(text).path("components").path("schemas");
            var matcher = java.util.regex.Pattern.compile("\"#/components/schemas/([A-Za-z]+)\"").matcher(text);
            while (matcher.find()) {
                assertThat(schemas.has(matcher.group(1))).as(matcher.group(1)).isTrue();
            }
        }
    }

    @Test
    void everyOperationListsTheErrorsItsRouteCanGive() {
        try (RunningServer server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive())) {
            JsonNode paths = RunningServer.json(server.get("/openapi.json")).path("paths");
            JsonNode completions = paths.path("/v1/chat/completions").path("post").path("responses");
            for (String status : List.of("200", "400", "401", "404", "413", "429")) {
                assertThat(completions.has(status)).as(status).isTrue();
            }
        }
    }
}
