package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.knowledge.extraction.ExtractionOptions;
import org.wenjin.knowledge.extraction.ExtractionReport;
import org.wenjin.model.local.LocalChatModel;

/**
 * Extraction end to end through Wenjin's own engine, with the smallest real model there is (stories260K, which
 * writes children's stories, not JSON): whatever it replies is refused passage by passage with a reason, and the
 * graph is left exactly as it was.
 */
class LocalModelExtractionTest {
    private static final Path STORIES =
            Path.of(System.getProperty("wenjin.testdata", "../shared/testdata")).resolve("stories260K.gguf");

    @TempDir
    Path dir;

    @Test
    void aModelThatWritesNoStatementsChangesNothingAndEveryPassageSaysWhy() throws IOException {
        Path document = Files.writeString(dir.resolve("notes.md"), """
                Baidu released ERNIE Bot in 2023. Its headquarters are in Beijing.

                OpenAI was founded in 2015 by Sam Altman and others; its headquarters are in San Francisco.
                """);
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory(); LocalChatModel model = LocalChatModel.load(STORIES, 0, 1)) {
            graph.importTurtle(new ByteArrayInputStream("""
                    @prefix ex: <http://example.org/> .
                    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
                    ex:headquarters rdfs:domain ex:Organization ; rdfs:range ex:City .
                    ex:foundingYear rdfs:domain ex:Organization ; rdfs:range xsd:gYear .
                    ex:Baidu rdfs:label "Baidu" ; a ex:Organization .
                    """.getBytes(StandardCharsets.UTF_8)), "schema.ttl");
            long triples = graph.tripleCount();
            long inferred = graph.inferredCount();

            ExtractionReport report = graph.extract(document, graph.schema(), model, new ExtractionOptions(100, 48));

            assertThat(report.extracted()).isEqualTo(2);
            assertThat(report.accepted()).isEmpty();
            assertThat(report.rejections()).extracting(r -> r.passage().substring(0, r.passage().indexOf('#')))
                    .containsOnly("notes.md");
            assertThat(report.rejections().stream().map(r -> r.passage()).distinct()).hasSize(2);
            assertThat(report.rejections()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
            assertThat(graph.tripleCount()).isEqualTo(triples);
            assertThat(graph.inferredCount()).isEqualTo(inferred);
            assertThat(graph.sources()).containsExactly("schema.ttl");
            // Nothing was recorded, so the passages are tried again next time, perhaps with a better model.
            assertThat(graph.planExtraction(document, new ExtractionOptions(100, 48)).toExtract()).hasSize(2);
        }
    }
}
