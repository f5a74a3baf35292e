package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.knowledge.text.Language;

class KnowledgeImportTest {
    private static final String EX = "http://example.org/";

    /** The same four statements in every format an import reads. */
    private static final String TURTLE = """
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            ex:ChatGPT rdfs:label "ChatGPT" ;
                ex:developer ex:OpenAI ;
                ex:releaseYear "2022"^^xsd:gYear .
            ex:OpenAI rdfs:label "OpenAI"@en .
            """;
    private static final String N_TRIPLES = """
            <http://example.org/ChatGPT> <http://www.w3.org/2000/01/rdf-schema#label> "ChatGPT" .
            <http://example.org/ChatGPT> <http://example.org/developer> <http://example.org/OpenAI> .
            <http://example.org/ChatGPT> <http://example.org/releaseYear> "2022"^^<http://www.w3.org/2001/XMLSchema#gYear> .
            <http://example.org/OpenAI> <http://www.w3.org/2000/01/rdf-schema#label> "OpenAI"@en .
            """;
    private static final String JSON_LD = """
            {
              "@context": {
                "ex": "http://example.org/",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "xsd": "http://www.w3.org/2001/XMLSchema#"
              },
              "@graph": [
                { "@id": "ex:ChatGPT", "rdfs:label": "ChatGPT",
                  "ex:developer": { "@id": "ex:OpenAI" },
                  "ex:releaseYear": { "@value": "2022", "@type": "xsd:gYear" } },
                { "@id": "ex:OpenAI", "rdfs:label": { "@value": "OpenAI", "@language": "en" } }
              ]
            }
            """;
    private static final String CSV = """
            subject,predicate,object,lang
            <http://example.org/ChatGPT>,rdfs:label,ChatGPT,
            http://example.org/ChatGPT,http://example.org/developer,<http://example.org/OpenAI>,
            http://example.org/ChatGPT,http://example.org/releaseYear,\"""2022""^^xsd:gYear",
            http://example.org/OpenAI,rdfs:label,OpenAI,en
            """;
    private static final String TSV = """
            subject\tpredicate\tobject
            <http://example.org/ChatGPT>\trdfs:label\tChatGPT
            <http://example.org/ChatGPT>\t<http://example.org/developer>\t<http://example.org/OpenAI>
            <http://example.org/ChatGPT>\t<http://example.org/releaseYear>\t"2022"^^xsd:gYear
            <http://example.org/OpenAI>\trdfs:label\t"OpenAI"@en
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static Set<String> factIds(KnowledgeGraph graph) {
        return graph.factsAbout(EX + "ChatGPT", Language.ENGLISH).stream().map(Fact::id).collect(Collectors.toSet());
    }

    @Test
    void everyFormatImportsTheSameStatements() throws IOException {
        Set<String> expected = null;
        for (String[] file : List.of(new String[] {"chat.ttl", TURTLE}, new String[] {"chat.nt", N_TRIPLES},
                new String[] {"chat.jsonld", JSON_LD}, new String[] {"chat.csv", CSV}, new String[] {"chat.tsv", TSV})) {
            try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
                ImportReport report = graph.importFile(write(file[0], file[1]));

                assertThat(report.source()).isEqualTo(file[0]);
                assertThat(report.triples()).as(file[0]).isEqualTo(4);
                assertThat(graph.tripleCount()).as(file[0]).isEqualTo(4);
                assertThat(graph.sources()).containsExactly(file[0]);
                assertThat(graph.link("Who made ChatGPT?")).extracting(EntityMention::entity).containsExactly(EX + "ChatGPT");
                Set<String> ids = factIds(graph);
                assertThat(ids).as(file[0]).hasSize(2);
                if (expected == null) {
                    expected = ids;
                }
                assertThat(ids).as("%s has the statements of chat.ttl", file[0]).isEqualTo(expected);
            }
        }
    }

    @Test
    void malformedTurtleNamesFileLineAndColumnAndImportsNothing() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.importFile(write("chat.ttl", TURTLE));
            Set<String> before = factIds(graph);
            Path broken = write("broken.ttl", """
                    @prefix ex: <http://example.org/> .
                    ex:ChatGPT ex:basedOn ex:GPT35 .
                    ex:GPT35 ex:developer nope:OpenAI .
                    """);

            KnowledgeImportException error = catchThrowableOfType(KnowledgeImportException.class,
                    () -> graph.importFile(broken));

            assertThat(error.source()).isEqualTo("broken.ttl");
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.column()).isEqualTo(23);
            assertThat(error.getMessage()).isEqualTo("broken.ttl:3:23: Undefined prefix: nope");
            // The valid statement on line 2 was not imported either, and nothing else changed.
            assertThat(graph.tripleCount()).isEqualTo(4);
            assertThat(graph.sources()).containsExactly("chat.ttl");
            assertThat(factIds(graph)).isEqualTo(before);
        }
    }

    @Test
    void aStatementLeftUnterminatedIsReportedWhereTheParserNoticesIt() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            Path broken = write("open.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n");

            assertThatThrownBy(() -> graph.importFile(broken))
                    .isInstanceOf(KnowledgeImportException.class)
                    .hasMessage("open.ttl:3:1: Triples not terminated by DOT");
            assertThat(graph.tripleCount()).isZero();
        }
    }

    @Test
    void malformedNTriplesAndJsonLdNameTheirPlaceToo() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            Path nt = write("bad.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> \"x\n");
            Path jsonLd = write("bad.jsonld", "{\n  \"@context\": {\"ex\": \"http://example.org/\"},\n  \"@id\": \"ex:a\",\n"
                    + "  \"ex:b\": [1, 2,, 3]\n}\n");

            KnowledgeImportException ntError = catchThrowableOfType(KnowledgeImportException.class, () -> graph.importFile(nt));
            KnowledgeImportException jsonError = catchThrowableOfType(KnowledgeImportException.class,
                    () -> graph.importFile(jsonLd));

            assertThat(ntError.line()).isEqualTo(3);
            assertThat(ntError.problem()).contains("newline in string");
            assertThat(jsonError.line()).isEqualTo(4);
            assertThat(jsonError.column()).isEqualTo(17);  // the second comma of ",,"
            assertThat(graph.tripleCount()).isZero();
        }
    }

    @Test
    void malformedCsvNamesLineAndColumn() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            assertThatThrownBy(() -> graph.importFile(write("open.csv",
                    "subject,predicate,object\n<http://e/a>,<http://e/b>,\"open\n<http://e/a>,<http://e/b>,x\n")))
                    .hasMessage("open.csv:2:27: the quoted field starting here is never closed");
            assertThatThrownBy(() -> graph.importFile(write("short.csv", "subject,predicate,object\n<http://e/a>,<http://e/b>\n")))
                    .hasMessage("short.csv:2:26: expected 3 fields as in the header, found 2");
            assertThatThrownBy(() -> graph.importFile(write("names.csv", "subject,predicate,object\n<http://e/a>,<http://e/b>,x\nChatGPT,<http://e/b>,x\n")))
                    .hasMessageStartingWith("names.csv:3:1: the subject 'ChatGPT' is not an IRI");
            assertThatThrownBy(() -> graph.importFile(write("header.tsv", "subject\tverb\tobject\n")))
                    .hasMessageStartingWith("header.tsv:1:9: unknown column 'verb'");
            assertThatThrownBy(() -> graph.importFile(write("literal.tsv", "subject\tpredicate\tobject\n<http://e/a>\t<http://e/b>\t\"x\"@\n")))
                    .hasMessageStartingWith("literal.tsv:2:27: malformed literal");
            assertThat(graph.tripleCount()).isZero();
            assertThat(graph.sources()).isEmpty();
        }
    }

    @Test
    void refusesAFormatItDoesNotKnowAndAFileThatIsNotThere() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            assertThatThrownBy(() -> graph.importFile(write("chat.xml", "<rdf/>")))
                    .hasMessage("chat.xml: unsupported format; expected one of .ttl, .nt, .jsonld, .csv, .tsv");
            assertThatThrownBy(() -> graph.importFile(dir.resolve("missing.ttl")))
                    .isInstanceOf(KnowledgeImportException.class)
                    .hasMessageStartingWith("missing.ttl: no such file");
        }
    }

    @Test
    void importingASourceAgainReplacesWhatItSaidBefore() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.importFile(write("chat.ttl", TURTLE));
            graph.importFile(write("other.ttl", "<http://example.org/OpenAI> <http://example.org/founded> \"2015\" ."));

            graph.importFile(write("chat.ttl", "<http://example.org/ChatGPT> <http://example.org/developer> <http://example.org/OpenAI> ."));

            assertThat(graph.tripleCount()).isEqualTo(2);
            assertThat(graph.sources()).containsExactly("chat.ttl", "other.ttl");
        }
    }

    @Test
    void aStatementTwoSourcesAssertCountsOnceAndCreditsBoth() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.importFile(write("a.nt", N_TRIPLES));
            graph.importTurtle(new ByteArrayInputStream(TURTLE.getBytes(StandardCharsets.UTF_8)), "b.ttl");

            assertThat(graph.tripleCount()).isEqualTo(4);
            assertThat(graph.factsAbout(EX + "ChatGPT", Language.ENGLISH))
                    .extracting(Fact::source).containsOnly("a.nt, b.ttl");
        }
    }

    @Test
    void aGraphOnDiskKeepsItsStatementsAndInferencesAcrossReopening() throws IOException {
        Path store = dir.resolve("graph");
        try (KnowledgeGraph graph = KnowledgeGraph.open(store)) {
            graph.importFile(write("chat.ttl", TURTLE + """
                    ex:developer rdfs:range ex:Organization .
                    """));
            assertThat(graph.tripleCount()).isEqualTo(5);
        }
        try (KnowledgeGraph graph = KnowledgeGraph.open(store)) {
            assertThat(graph.tripleCount()).isEqualTo(5);
            assertThat(graph.inferredCount()).isEqualTo(1);
            assertThat(graph.factsAbout(EX + "OpenAI", Language.ENGLISH))
                    .filteredOn(Fact::inferred)
                    .extracting(Fact::render)
                    .containsExactly("OpenAI —type→ Organization (inferred by rdfs3)");
            assertThat(graph.link("ChatGPT and OpenAI")).hasSize(2);
        }
    }
}
