package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.exec.http.UpdateExecHTTP;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.knowledge.importing.Syntax;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.store.SparqlEndpointStore;

/**
 * The knowledge graph over a real SPARQL 1.1 server (Apache Jena Fuseki, in memory on a loopback port)
 * behaves as the embedded one does: same links, facts, answers, counts and exports, one atomic change per
 * import, and nothing changed by a refused import. Starting the server takes a while, so this runs with the
 * Maven profile {@code fuseki} ({@code ./mvnw -pl wenjin-knowledge test -Pfuseki}).
 */
@Tag("fuseki")
class RemoteGraphTest {
    private static final List<String> QUESTIONS = List.of(
            "文心一言是哪家公司开发的?", "ChatGPT的开发者的总部在哪里?", "微软的合作伙伴是谁?", "文心一言和百度是什么关系?",
            "OpenAI的创始人是谁?", "Who created ChatGPT?", "Which models are based on BERT?",
            "How are San Francisco and the United States related?", "清华大学的ERNIE", "Did baidu build ERNIE Bot before chatgpt?");

    private static FusekiServer fuseki;
    /** A dataset that holds the demo graph, imported once for the tests that only read it. */
    private static String demo;
    private static KnowledgeGraph demoGraph;
    /** A dataset each test that writes empties first. */
    private static String dataset;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFuseki() {
        fuseki = FusekiServer.create().loopback(true).port(0)
                .add("/demo", DatasetGraphFactory.createTxnMem())
                .add("/kg", DatasetGraphFactory.createTxnMem())
                .build().start();
        demo = "http://localhost:" + fuseki.getHttpPort() + "/demo";
        dataset = "http://localhost:" + fuseki.getHttpPort() + "/kg";
        demoGraph = KnowledgeGraph.over(SparqlEndpointStore.connect(demo + "/query", demo + "/update"), Inference.BUILT_IN);
        demoGraph.loadDemo();
    }

    @AfterAll
    static void stopFuseki() {
        demoGraph.close();
        fuseki.stop();
    }

    /** A graph over the server's query and update endpoints, emptied first so each test starts alike. */
    private static KnowledgeGraph remote() {
        SparqlEndpointStore store = SparqlEndpointStore.connect(dataset + "/query", dataset + "/update");
        UpdateExecHTTP.service(dataset + "/update").update("DROP ALL").build().execute();
        return KnowledgeGraph.over(store, Inference.BUILT_IN);
    }

    private static String describe(KnowledgeGraph graph, String question) {
        return graph.link(question).stream().map(m -> m.entity() + "@" + m.start() + "-" + m.end() + ":" + m.score()).toList()
                + " | " + graph.factsFor(question, 8).stream().map(f -> f.id() + " " + f.render() + " " + f.source()).toList()
                + " | " + graph.answer(question).map(DirectAnswer::citedText).orElse("-");
    }

    @Test
    void theDemoGraphOnAServerLinksRanksAndAnswersAsTheEmbeddedOneDoes() {
        KnowledgeGraph embedded = DemoGraph.get();
        KnowledgeGraph remote = demoGraph;

        assertThat(remote.tripleCount()).isEqualTo(embedded.tripleCount()).isGreaterThan(300);
        assertThat(remote.inferredCount()).isEqualTo(embedded.inferredCount()).isPositive();
        assertThat(remote.sources()).containsExactly("llm-history.ttl");
        for (String question : QUESTIONS) {
            assertThat(describe(remote, question)).as(question).isEqualTo(describe(embedded, question));
        }
        assertThat(remote.answer("文心一言是哪家公司开发的?").map(DirectAnswer::text)).contains("文心一言的开发者是百度。");
        assertThat(remote.answer("微软的合作伙伴是谁?").orElseThrow().facts())
                .extracting(Fact::rule).containsExactly("prp-symp");
    }

    @Test
    void exportsTheSameFileAsTheEmbeddedGraph() {
        ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
        ByteArrayOutputStream fromEmbedded = new ByteArrayOutputStream();

        long written = demoGraph.export(fromServer, Syntax.N_TRIPLES);
        DemoGraph.get().export(fromEmbedded, Syntax.N_TRIPLES);

        assertThat(written).isEqualTo(demoGraph.tripleCount());
        assertThat(fromServer.toString(StandardCharsets.UTF_8)).isEqualTo(fromEmbedded.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRefusedImportLeavesTheServerAsItWas() throws IOException {
        try (KnowledgeGraph remote = remote()) {
            remote.importFile(Files.writeString(dir.resolve("good.ttl"), """
                    @prefix ex: <http://example.org/> .
                    ex:a ex:knows ex:b .
                    """));
            Path good2 = Files.writeString(dir.resolve("good2.ttl"), "<http://example.org/c> <http://example.org/knows> <http://example.org/d> .\n");
            Path broken = Files.writeString(dir.resolve("broken.nt"), "<http://example.org/a> <http://example.org/b> .\n");

            assertThatThrownBy(() -> remote.importFiles(List.of(good2, broken), ImportListener.NONE))
                    .isInstanceOf(KnowledgeImportException.class)
                    .hasMessageStartingWith("broken.nt:1:");
            assertThat(remote.sources()).containsExactly("good.ttl");
            assertThat(remote.tripleCount()).isEqualTo(1);
        }
    }

    @Test
    void reimportingASourceReplacesItsStatementsAndWhatWasInferredFromThem() {
        String schema = """
                @prefix ex: <http://example.org/> .
                @prefix owl: <http://www.w3.org/2002/07/owl#> .
                ex:partner a owl:SymmetricProperty .
                """;
        try (KnowledgeGraph remote = remote()) {
            remote.importTurtle(stream(schema), "schema.ttl");
            remote.importTurtle(stream("<http://example.org/a> <http://example.org/partner> <http://example.org/b> ."), "data.ttl");
            assertThat(remote.inferredCount()).isEqualTo(1);

            remote.importTurtle(stream("# no longer symmetric\n"), "schema.ttl");

            assertThat(remote.tripleCount()).isEqualTo(1);
            assertThat(remote.inferredCount()).isZero();
        }
    }

    @Test
    void anotherClientOfTheSameServerSeesTheGraph() {
        // The dataset URL itself takes both queries and updates on Fuseki.
        try (KnowledgeGraph reader = KnowledgeGraph.over(SparqlEndpointStore.connect(demo), Inference.BUILT_IN)) {
            assertThat(reader.tripleCount()).isEqualTo(demoGraph.tripleCount());
            assertThat(reader.answer("Who created ChatGPT?").map(DirectAnswer::text))
                    .contains("The developer of ChatGPT is OpenAI.");
            long rows = reader.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3", Duration.ofSeconds(10),
                    execution -> execution.select().stream().count());
            assertThat(rows).isEqualTo(3);
        }
    }

    @Test
    void anEndpointThatIsNotThereIsNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://localhost:" + closedPort + "/kg";

        assertThatThrownBy(() -> SparqlEndpointStore.connect(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot query the SPARQL endpoint " + nowhere);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
