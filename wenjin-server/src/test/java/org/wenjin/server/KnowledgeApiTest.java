package org.wenjin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/entities/{iri} and GET /api/facts/{id} over the demo graph: from a cited fact to an entity's page. */
class KnowledgeApiTest {
    private static final String DEMO = "urn:wenjin:demo:";

    @TempDir
    static Path dataDir;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = new RunningServer(dataDir, RunningServer.config(), DemoAssistant.extractive());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode entity(String iri, String lang) {
        HttpResponse<String> response = server.get("/api/entities/" + encode(iri) + "?lang=" + lang);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningServer.json(response);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    @Test
    void anEntityPageHasNamesByLanguageAliasesClassesFactsBothWaysAndNeighbours() {
        JsonNode ernieBot = entity(DEMO + "ErnieBot", "zh");

        assertThat(ernieBot.path("label").asText()).isEqualTo("文心一言");
        assertThat(ernieBot.path("language").asText()).isEqualTo("zh");
        assertThat(texts(ernieBot.path("labels"), "text")).containsExactlyInAnyOrder("ERNIE Bot", "文心一言");
        assertThat(texts(ernieBot.path("aliases"), "text")).contains("Wenxin Yiyan");
        assertThat(texts(ernieBot.path("types"), "iri")).contains(DEMO + "Chatbot");
        JsonNode developer = null;
        for (JsonNode fact : ernieBot.path("outgoing")) {
            if (fact.path("predicate").asText().equals(DEMO + "developer")) {
                developer = fact;
            }
        }
        assertThat(developer).isNotNull();
        assertThat(developer.path("predicate_label").asText()).isEqualTo("开发者");
        assertThat(developer.path("object").asText()).isEqualTo(DEMO + "Baidu");
        assertThat(developer.path("object_label").asText()).isEqualTo("百度");
        assertThat(developer.path("object_is_entity").asBoolean()).isTrue();
        assertThat(developer.path("source").asText()).isEqualTo("llm-history.ttl");
        assertThat(texts(ernieBot.path("neighbours"), "iri")).contains(DEMO + "Baidu", DEMO + "ERNIE");

        JsonNode baidu = entity(DEMO + "Baidu", "en");
        assertThat(texts(baidu.path("incoming"), "text")).contains("ERNIE Bot —developer→ Baidu");
        assertThat(texts(baidu.path("neighbours"), "label")).contains("ERNIE Bot");
    }

    @Test
    void aFactCitedUnderAnAnswerLeadsToItsSubjectsAndObjectsPages() {
        JsonNode answer = RunningServer.json(server.post("/v1/chat/completions", """
                {"model":"wenjin-extractive","messages":[{"role":"user","content":"文心一言是哪家公司开发的？"}]}"""));
        JsonNode cited = null;
        for (JsonNode citation : answer.path("wenjin").path("citations")) {
            if (citation.path("kind").asText().equals("fact") && cited == null) {
                cited = citation;
            }
        }
        assertThat(cited).as(answer.toString()).isNotNull();

        HttpResponse<String> response = server.get("/api/facts/" + encode(cited.path("source_id").asText())
                + "?subject=" + encode(cited.path("title").asText()) + "&lang=zh");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode fact = RunningServer.json(response);
        assertThat(fact.path("id").asText()).isEqualTo(cited.path("source_id").asText());
        assertThat(fact.path("subject").asText()).isEqualTo(DEMO + "ErnieBot");
        assertThat(fact.path("object").asText()).isEqualTo(DEMO + "Baidu");
        assertThat(entity(fact.path("object").asText(), "zh").path("label").asText()).isEqualTo("百度");
    }

    @Test
    void unknownEntitiesAndFactsAre404AndBadParametersAre400NamingThem() {
        HttpResponse<String> unknown = server.get("/api/entities/" + encode("http://example.org/nobody/here#x"));
        HttpResponse<String> noFact = server.get("/api/facts/F0000000000?subject=" + encode("文心一言"));
        HttpResponse<String> noSubject = server.get("/api/facts/F0000000000");
        HttpResponse<String> badLang = server.get("/api/entities/" + encode(DEMO + "Baidu") + "?lang=fr");

        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(RunningServer.json(unknown).at("/error/message").asText()).contains("http://example.org/nobody/here#x");
        assertThat(noFact.statusCode()).isEqualTo(404);
        assertThat(noSubject.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(noSubject).at("/error/param").asText()).isEqualTo("subject");
        assertThat(badLang.statusCode()).isEqualTo(400);
        assertThat(RunningServer.json(badLang).at("/error/param").asText()).isEqualTo("lang");
    }
}
