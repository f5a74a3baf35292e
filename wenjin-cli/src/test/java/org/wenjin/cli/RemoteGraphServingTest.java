package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.cli.config.Settings;
import org.wenjin.cli.config.SettingsResolver;
import org.wenjin.server.ServerConfig;
import org.wenjin.server.WenjinServer;

/**
 * {@code ask} and {@code serve} answer from a knowledge graph held only on a SPARQL 1.1 server (Apache Jena
 * Fuseki, in memory on a loopback port, in a process of its own), chosen with {@code --sparql} or {@code graph-sparql} in
 * {@code wenjin.yaml}; the data directory keeps no graph of its own. Starting Fuseki takes a while, so this
 * runs with the Maven profile {@code fuseki} ({@code ./mvnw -pl wenjin-cli test -Pfuseki}).
 */
@Tag("fuseki")
class RemoteGraphServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Facts no bundled demo holds, so an answer with them can only come from the server. */
    private static final String LIBRARIES = """
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            ex:Library a owl:Class ; rdfs:label "library"@en , "图书馆"@zh .
            ex:City a owl:Class ; rdfs:label "city"@en , "城市"@zh .
            ex:locatedIn a owl:ObjectProperty ; rdfs:domain ex:Library ; rdfs:range ex:City ;
                rdfs:label "located in"@en , "所在城市"@zh .
            ex:Lighthouse rdfs:label "Lighthouse Library"@en , "灯塔图书馆"@zh ; ex:locatedIn ex:Harbin .
            ex:Harbin rdfs:label "Harbin"@en , "哈尔滨"@zh .
            """;

    private static FusekiProcess fuseki;
    private static String dataset;

    @TempDir
    static Path shared;

    @BeforeAll
    static void startFusekiWithTheGraph() throws Exception {
        fuseki = FusekiProcess.start(shared);
        dataset = fuseki.dataset();
        Path file = Files.writeString(shared.resolve("libraries.ttl"), LIBRARIES);
        CliRun run = CliRun.of("kg", "import", "--data", shared.resolve("importer").toString(), "--sparql", dataset,
                file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @AfterAll
    static void stopFuseki() {
        if (fuseki != null) {
            fuseki.close();
        }
    }

    @Test
    void askAnswersFromTheServersGraphNamedInWenjinYaml(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve(SettingsResolver.CONFIG_FILE), "graph-sparql: " + dataset + "\n");

        CliRun run = CliRun.of("ask", "--data", data.toString(), "--json", "Where is Lighthouse Library located?");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode answer = JSON.readTree(run.out());
        assertThat(answer.get("answer").asText()).contains("Harbin").contains("[1]");
        assertThat(answer.get("citations").get(0).get("kind").asText()).isEqualTo("fact");
        assertThat(answer.get("citations").get(0).get("source").asText()).isEqualTo("libraries.ttl");
        assertThat(run.err()).as("the demo is not written into a shared server's graph").doesNotContain("demo knowledge");
        assertThat(data.resolve("graph")).as("no graph of the data directory's own").doesNotExist();
        assertThat(CliRun.of("kg", "stats", "--data", data.toString()).out()).contains("statements: 16", "libraries.ttl");
    }

    @Test
    void serveAnswersFromTheServersGraphGivenWithTheFlag(@TempDir Path data) throws Exception {
        Settings settings = new SettingsResolver(Map.of()).resolve(new SettingsResolver.Flags(data, null, 0, null, null,
                null, null, null, null, dataset, null));
        try (Wenjin wenjin = Wenjin.open(settings, new PrintWriter(new StringWriter()));
             WenjinServer server = WenjinServer.start(ServerConfig.defaults().withPort(0), wenjin.assistant(), wenjin.store())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"wenjin-extractive","messages":[{"role":"user","content":"灯塔图书馆在哪个城市？"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.at("/choices/0/message/content").asText()).contains("哈尔滨");
            assertThat(body.at("/wenjin/citations/0/source").asText()).isEqualTo("libraries.ttl");
        }
        assertThat(data.resolve("graph")).doesNotExist();
    }
}
