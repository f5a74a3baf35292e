package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.text.Language;

/** The schema of a graph implies statements; each inferred fact names its rule and the sources of its premises. */
class InferenceTest {
    private static final String SCHEMA = """
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            ex:Chatbot rdfs:subClassOf ex:Software .
            ex:Software rdfs:subClassOf ex:Artifact .
            ex:developer rdfs:domain ex:Artifact ; rdfs:range ex:Organization ; rdfs:subPropertyOf ex:maker .
            ex:maker rdfs:subPropertyOf ex:contributor .
            ex:product owl:inverseOf ex:developer .
            ex:partner a owl:SymmetricProperty .
            ex:locatedIn a owl:TransitiveProperty .
            """;
    private static final String DATA = """
            @prefix ex: <http://example.org/> .
            ex:ChatGPT a ex:Chatbot ; ex:developer ex:OpenAI .
            ex:OpenAI ex:partner ex:Microsoft ; ex:locatedIn ex:SanFrancisco .
            ex:SanFrancisco ex:locatedIn ex:California .
            ex:California ex:locatedIn ex:UnitedStates .
            """;
    private static final String EX = "http://example.org/";

    private static KnowledgeGraph graph;

    @BeforeAll
    static void importSchemaAndDataFromTwoSources() {
        graph = KnowledgeGraph.inMemory();
        graph.importTurtle(new ByteArrayInputStream(SCHEMA.getBytes(StandardCharsets.UTF_8)), "schema.ttl");
        graph.importTurtle(new ByteArrayInputStream(DATA.getBytes(StandardCharsets.UTF_8)), "data.ttl");
    }

    private static List<String> inferred(String entity) {
        return graph.factsAbout(EX + entity, Language.ENGLISH).stream().filter(Fact::inferred)
                .map(f -> f.subjectLabel() + " " + f.predicateLabel() + " " + f.objectLabel() + " by " + f.rule()
                        + " from " + f.source())
                .sorted().toList();
    }

    @Test
    void subClassOfTypesInstancesWithEveryClassAbove() {
        assertThat(inferred("ChatGPT")).contains("ChatGPT type Software by rdfs9 from data.ttl, schema.ttl");
    }

    @Test
    void domainAndRangeTypeTheSubjectAndTheObject() {
        assertThat(inferred("OpenAI")).contains("OpenAI type Organization by rdfs3 from data.ttl, schema.ttl");
        // ChatGPT is an Artifact twice over, by rdfs2 from the domain and by rdfs9 from the class hierarchy;
        // the fact is one, and names the rule written first.
        assertThat(inferred("ChatGPT")).filteredOn(f -> f.startsWith("ChatGPT type Artifact"))
                .containsExactly("ChatGPT type Artifact by rdfs2 from data.ttl, schema.ttl");
    }

    @Test
    void subPropertyOfRestatesAFactWithEveryPropertyAbove() {
        assertThat(inferred("ChatGPT")).contains(
                "ChatGPT maker OpenAI by rdfs7 from data.ttl, schema.ttl",
                "ChatGPT contributor OpenAI by rdfs7 from data.ttl, schema.ttl");
    }

    @Test
    void inverseSymmetricAndTransitivePropertiesFollowOwl2Rl() {
        // The sources include schema.ttl: that ex:partner is symmetric is a premise too.
        assertThat(inferred("OpenAI")).contains(
                "OpenAI product ChatGPT by prp-inv2 from data.ttl, schema.ttl",
                "Microsoft partner OpenAI by prp-symp from data.ttl, schema.ttl",
                "OpenAI locatedIn California by prp-trp from data.ttl, schema.ttl",
                "OpenAI locatedIn UnitedStates by prp-trp from data.ttl, schema.ttl");
    }

    @Test
    void theSchemaAloneImpliesSchemaStatements() {
        assertThat(graph.factsAbout(EX + "Chatbot", Language.ENGLISH)).extracting(Fact::render)
                .contains("Chatbot —subclass of→ Artifact (inferred by rdfs11)");
        assertThat(graph.factsAbout(EX + "developer", Language.ENGLISH)).extracting(Fact::render)
                .contains("developer —subproperty of→ contributor (inferred by rdfs5)");
    }

    @Test
    void assertedStatementsAreCountedApartFromInferredOnes() {
        assertThat(graph.tripleCount()).isEqualTo(15);  // nine in schema.ttl, six in data.ttl
        long inferred = 0;
        for (String entity : List.of("ChatGPT", "OpenAI", "Microsoft", "SanFrancisco", "California", "UnitedStates",
                "Chatbot", "Software", "Artifact", "Organization", "developer", "maker", "contributor", "product",
                "partner", "locatedIn")) {
            inferred += graph.factsAbout(EX + entity, Language.ENGLISH).stream()
                    .filter(Fact::inferred).filter(f -> f.subject().equals(EX + entity)).count();
        }
        assertThat(graph.inferredCount()).isEqualTo(inferred);
    }

    @Test
    void everyRuleIsOneTheDocumentationNames() {
        assertThat(Inference.BUILT_IN.ruleNames()).containsExactly(
                "rdfs2", "rdfs3", "rdfs5", "rdfs7", "rdfs9", "rdfs11", "prp-inv1", "prp-inv2", "prp-symp", "prp-trp",
                "prp-spo2");
    }
}
