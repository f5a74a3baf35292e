package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.out.NodeFmtLib;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.knowledge.extraction.ExtractionOptions;
import org.wenjin.knowledge.extraction.ExtractionPlan;
import org.wenjin.knowledge.extraction.ExtractionReport;
import org.wenjin.knowledge.extraction.ExtractionSchema;
import org.wenjin.knowledge.extraction.Passage;
import org.wenjin.knowledge.extraction.PassageResult;
import org.wenjin.knowledge.extraction.Passages;
import org.wenjin.knowledge.extraction.Rejection;
import org.wenjin.knowledge.importing.RdfReader;

/**
 * Statements extracted from documents: a model's reply (given here as a model might write it) is read
 * robustly, checked against the schema and its SHACL shapes, merged with the graph's entities by name, and
 * committed per passage, with the passage recorded and only changed passages extracted again.
 */
class ExtractionTest {
    private static final String DEMO = "urn:wenjin:demo:";
    private static final String EX = "http://example.org/";
    private static final String SCHEMA = """
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix sh: <http://www.w3.org/ns/shacl#> .
            ex:Organization a owl:Class ; rdfs:label "organization"@en , "组织"@zh .
            ex:Company a owl:Class ; rdfs:subClassOf ex:Organization ; rdfs:label "company"@en , "公司"@zh .
            ex:City a owl:Class ; rdfs:label "city"@en , "城市"@zh .
            ex:Person a owl:Class ; rdfs:label "person"@en , "人物"@zh .
            ex:headquarters a owl:ObjectProperty ; rdfs:domain ex:Organization ; rdfs:range ex:City ;
                rdfs:label "headquarters"@en , "总部"@zh .
            ex:founder a owl:ObjectProperty ; rdfs:domain ex:Organization ; rdfs:range ex:Person ;
                rdfs:label "founder"@en , "创始人"@zh .
            ex:foundingYear a owl:DatatypeProperty ; rdfs:domain ex:Organization ; rdfs:range xsd:gYear ;
                rdfs:label "founding year"@en , "成立年份"@zh .
            # A shape of the schema's own: a person's name is at most 40 chars.
            ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
                sh:property [ sh:path rdfs:label ; sh:maxLength 40 ] .
            """;

    @TempDir
    Path dir;

    private static ExtractionSchema schema() {
        return ExtractionSchema.of(RdfReader.read(new ByteArrayInputStream(SCHEMA.getBytes(StandardCharsets.UTF_8)),
                Lang.TURTLE, "schema.ttl", null), "schema.ttl");
    }

    private static Passage passage(String text) {
        return Passages.of("news.md", text, 1500).getFirst();
    }

    private static List<String> written(PassageResult result) {
        return result.accepted().stream().map(ExtractionTest::nt).toList();
    }

    private static String nt(Triple t) {
        return NodeFmtLib.strNT(t.getSubject()) + " " + NodeFmtLib.strNT(t.getPredicate()) + " " + NodeFmtLib.strNT(t.getObject());
    }

    @Test
    void aReplyInACodeFenceAfterProseIsReadAndItsEntitiesMergedWithTheGraphs() {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.loadDemo();
            String reply = """
                    好的，以下是抽取结果：
                    ```json
                    {"triples": [
                      {"subject": "百度公司", "subject_type": "公司", "predicate": "总部", "object": "北京", "object_type": "城市"},
                      {"subject": "百度", "predicate": "创始人", "object": "李彦宏", "object_type": "人物"},
                    ]}
                    ```
                    """;

            PassageResult result = graph.checkReply(passage("百度总部位于北京，创始人是李彦宏。"), reply, graph.schema());

            assertThat(result.rejections()).isEmpty();
            // 百度公司 is an alias of Baidu: no new entity, and no new label or type beside the statements.
            assertThat(written(result)).containsExactly(
                    "<" + DEMO + "Baidu> <" + DEMO + "headquarters> <" + DEMO + "Beijing>",
                    "<" + DEMO + "Baidu> <" + DEMO + "founder> <" + DEMO + "RobinLi>");
            assertThat(result.statements().size()).isEqualTo(2);
        }
    }

    @Test
    void aSharedNameIsMergedWithTheEntityOfTheClassTheReplyGives() {
        KnowledgeGraph graph = DemoGraph.get();
        String asChatbot = "[{'subject': 'Gemini', 'subject_type': 'chatbot', 'predicate': 'developer', 'object': 'Google'}]";
        String asModel = "[[\"Gemini\", \"developer\", \"Google\"]]";

        PassageResult chatbot = graph.checkReply(passage("Gemini is Google's chatbot."), asChatbot, graph.schema());
        PassageResult unsaid = graph.checkReply(passage("Gemini comes from Google."), asModel, graph.schema());

        assertThat(chatbot.accepted()).extracting(t -> t.getSubject().getURI()).containsExactly(DEMO + "GeminiChatbot");
        // Without a class, the entity whose label (not alias) is the name would win; both have it as an alias,
        // so the first by label strength and IRI is taken.
        assertThat(unsaid.accepted()).singleElement().extracting(t -> t.getSubject().getURI()).isIn(DEMO + "Gemini", DEMO + "GeminiChatbot");
    }

    @Test
    void newEntitiesAreNamedTypedAndLinkableOnceCommittedWithTheirPassage() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.loadDemo();
            Path news = Files.writeString(dir.resolve("news.md"), "月之暗面是一家公司，总部位于北京，创始人是杨植麟。\n");
            ExtractionPlan plan = graph.planExtraction(news, ExtractionOptions.DEFAULTS);
            Passage passage = plan.toExtract().getFirst();
            String reply = """
                    {"triples": [
                      {"subject": "月之暗面", "subject_type": "公司", "predicate": "总部", "object": "北京", "object_type": "城市"},
                      {"subject": "月之暗面", "subject_type": "公司", "predicate": "创始人", "object": "杨植麟", "object_type": "人物"}
                    ]}""";

            ExtractionReport report = graph.commitExtraction(plan, List.of(graph.checkReply(passage, reply, graph.schema())));

            assertThat(report.accepted()).hasSize(2);
            assertThat(report.rejections()).isEmpty();
            assertThat(graph.answer("月之暗面的总部在哪里?").map(DirectAnswer::text)).contains("月之暗面的总部是北京。");
            Fact founder = graph.factsFor("月之暗面的创始人是谁?", 1).getFirst();
            assertThat(founder.render()).isEqualTo("月之暗面 —创始人→ 杨植麟");
            assertThat(founder.subject()).isEqualTo("urn:wenjin:entity:月之暗面");
            assertThat(founder.source()).isEqualTo(passage.source()).startsWith("news.md#");
            assertThat(graph.passage(founder.source())).contains("月之暗面是一家公司，总部位于北京，创始人是杨植麟。");
            // The schema's range types the founder a person (rdfs3), as it would any imported statement.
            assertThat(graph.factsAbout("urn:wenjin:entity:杨植麟", org.wenjin.knowledge.text.Language.CHINESE))
                    .extracting(Fact::render).contains("杨植麟 —类型→ 人物");
        }
    }

    @Test
    void whatTheSchemaDoesNotAllowIsRefusedWithTheReason() {
        KnowledgeGraph graph = DemoGraph.get();
        String reply = """
                Here you go: {"triples": [
                  {"subject": "Acme", "subject_type": "company", "predicate": "founding year", "object": "1999"},
                  {"subject": "Acme", "subject_type": "company", "predicate": "ceo", "object": "Wile E."},
                  {"subject": "Acme", "subject_type": "spaceship", "predicate": "headquarters", "object": "Phoenix", "object_type": "city"},
                  {"subject": "Acme", "subject_type": "company", "predicate": "founding year", "object": "nineteen ninety-nine"},
                  {"subject": "Acme", "subject_type": "company", "predicate": "headquarters", "object": "Road Runner", "object_type": "person"},
                  {"subject": "Toon Town", "predicate": "headquarters", "object": "Phoenix", "object_type": "city"},
                  {"subject": "Acme", "subject_type": "company", "predicate": "founder", "object": "Wile E. Coyote, Super Genius, Acme Founder and Chief Tester", "object_type": "person"},
                  {"subject": "Acme", "predicate": "founder"},
                  "Acme makes anvils"
                ]}""";

        PassageResult result = graph.checkReply(passage("Acme, founded in 1999 ..."), reply, schema());

        assertThat(written(result)).containsExactly("<urn:wenjin:entity:acme> <" + EX + "foundingYear> \"1999\"^^<http://www.w3.org/2001/XMLSchema#gYear>");
        assertThat(result.rejections()).extracting(Rejection::reason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("statement 8 has no object (or it is not text)"),
                r -> assertThat(r).isEqualTo("statement 9 is not an object or a list"),
                r -> assertThat(r).startsWith("the predicate 'ceo' is not in the schema; it has founder, foundingYear, headquarters"),
                r -> assertThat(r).startsWith("the class 'spaceship' is not in the schema; it has City, Company, Organization, Person"),
                r -> assertThat(r).isEqualTo("'nineteen ninety-nine' is not a valid gYear, the datatype of foundingYear"),
                // the range of headquarters is City, and Road Runner is said to be a person
                r -> assertThat(r).startsWith("fails the schema's SHACL shapes: ").contains("City"),
                // Toon Town is given no class, so nothing says it is an organization, the domain of headquarters
                r -> assertThat(r).startsWith("fails the schema's SHACL shapes: ").contains("Organization"),
                // the schema's own shape: a person's label is at most 40 chars
                r -> assertThat(r).startsWith("fails the schema's SHACL shapes: ").containsIgnoringCase("length"));
        assertThat(result.rejections()).allSatisfy(r -> assertThat(r.passage()).startsWith("news.md#"));
    }

    @Test
    void aReplyWithoutJsonIsRefusedWhole() {
        PassageResult result = DemoGraph.get().checkReply(passage("Anything."),
                "Once upon a time, there was a little girl named Lily. She {loved} to play [outside].", schema());

        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).startsWith("the reply holds no JSON with statements");
            assertThat(r.offered()).startsWith("Once upon a time");
        });
    }

    @Test
    void onlyPassagesWhoseTextChangedAreExtractedAgainAndGonePassagesLeaveTheGraph() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.importTurtle(new ByteArrayInputStream(SCHEMA.getBytes(StandardCharsets.UTF_8)), "schema.ttl");
            ExtractionOptions small = new ExtractionOptions(100, 256);
            String first = "Acme is a company founded in 1999, with its headquarters in Phoenix, a city in Arizona, USA.";
            String second = "Globex is a company founded in 1989, with its headquarters in Springfield, a city in Oregon.";
            Path doc = Files.writeString(dir.resolve("companies.txt"), first + "\n\n" + second + "\n");

            ExtractionPlan plan = graph.planExtraction(doc, small);
            assertThat(plan.toExtract()).hasSize(2);
            graph.commitExtraction(plan, List.of(
                    graph.checkReply(plan.toExtract().get(0), year("Acme", "1999"), schema()),
                    graph.checkReply(plan.toExtract().get(1), year("Globex", "1989"), schema())));
            assertThat(graph.sources()).hasSize(3);

            ExtractionPlan again = graph.planExtraction(doc, small);
            assertThat(again.toExtract()).isEmpty();
            assertThat(again.unchanged()).hasSize(2);

            Files.writeString(doc, first + "\n\n" + second.replace("1989", "1990") + "\n");
            ExtractionPlan changed = graph.planExtraction(doc, small);
            assertThat(changed.unchanged()).containsExactly(plan.toExtract().get(0).source());
            assertThat(changed.removed()).containsExactly(plan.toExtract().get(1).source());
            ExtractionReport report = graph.commitExtraction(changed, List.of(
                    graph.checkReply(changed.toExtract().getFirst(), year("Globex", "1990"), schema())));

            assertThat(report.rejections()).isEmpty();
            assertThat(report.extracted()).isEqualTo(1);
            assertThat(report.unchanged()).isEqualTo(1);
            assertThat(report.removed()).isEqualTo(1);
            assertThat(graph.factsAbout("urn:wenjin:entity:globex", org.wenjin.knowledge.text.Language.ENGLISH))
                    .filteredOn(f -> f.predicate().equals(EX + "foundingYear")).extracting(Fact::object).containsExactly("1990");
            assertThat(graph.sources()).hasSize(3);
        }
    }

    private static String year(String company, String year) {
        return "{\"triples\": [{\"subject\": \"" + company + "\", \"subject_type\": \"company\", \"predicate\": \"foundingYear\", "
                + "\"object\": \"" + year + "\"}]}";
    }

    @Test
    void theTextOfADocumentReadElsewhereIsCutIntoPassagesNamedForTheDocument() {
        String text = "Tencent's headquarters are in Shenzhen.\n\n腾讯的总部在深圳。";

        ExtractionPlan first = ExtractionPlan.of("report.docx", text, List.of(), ExtractionOptions.DEFAULTS);
        ExtractionPlan again = ExtractionPlan.of("report.docx", text, List.of(first.toExtract().getFirst().source()),
                ExtractionOptions.DEFAULTS);

        assertThat(first.document()).isEqualTo("report.docx");
        assertThat(first.toExtract()).singleElement().satisfies(passage -> {
            assertThat(passage.source()).startsWith("report.docx#");
            assertThat(passage.text()).contains("Shenzhen", "深圳");
        });
        assertThat(again.toExtract()).isEmpty();
        assertThat(again.unchanged()).hasSize(1);
    }

    @Test
    void onlyTextDocumentsAreExtractedFrom() throws IOException {
        Path pdf = Files.write(dir.resolve("paper.pdf"), new byte[] {'%', 'P', 'D', 'F'});

        assertThatThrownBy(() -> DemoGraph.get().planExtraction(pdf, ExtractionOptions.DEFAULTS))
                .isInstanceOf(KnowledgeImportException.class)
                .hasMessageStartingWith("paper.pdf: only plain text and Markdown documents");
    }
}
