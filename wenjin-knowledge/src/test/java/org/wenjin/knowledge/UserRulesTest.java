package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.reasoning.RuleFileException;
import org.wenjin.knowledge.reasoning.UserRules;
import org.wenjin.knowledge.text.Language;

/**
 * A graph directory may hold the user's own rules, in Jena rule syntax, run beside the built-in RDFS and OWL
 * rules; each fact they infer names its rule.
 */
class UserRulesTest {
    private static final String EX = "http://example.org/";
    private static final String FAMILY = """
            @prefix ex: <http://example.org/> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            ex:parent rdfs:subPropertyOf ex:ancestor .
            ex:grandparent rdfs:subPropertyOf ex:ancestor .
            ex:Kang ex:parent ex:Ming .
            ex:Ming ex:parent ex:Hua .
            ex:Hua ex:parent ex:Li .
            ex:Kang ex:spouse ex:Fang .
            ex:Li ex:mentor ex:Wei .
            ex:Kang rdfs:label "Kang"@en , "王康"@zh .
            ex:Ming rdfs:label "Ming"@en , "王明"@zh .
            ex:Hua rdfs:label "Hua"@en , "王华"@zh .
            ex:Li rdfs:label "Li"@en , "王立"@zh .
            ex:grandparent rdfs:label "grandparent"@en , "祖父母"@zh .
            """;
    private static final String RULES = """
            # Family relations, beside the built-in RDFS and OWL rules.
            @prefix : <http://example.org/>.

            [chain: (?a :parent ?b) (?b :parent ?c) -> (?a :grandparent ?c)]
            // the schema makes every grandparent an ancestor (rdfs7); ancestry is transitive
            [ancestor-trans: (?a :ancestor ?b) (?b :ancestor ?c)
                -> (?a :ancestor ?c)]
            [child-of: (?a :parent ?b) -> (?b :child ?a)]
            [spouse-sym: (?a :spouse ?b) -> (?b :spouse ?a)]
            """;

    @TempDir
    Path dir;

    private static List<String> inferred(KnowledgeGraph graph, String entity) {
        return graph.factsAbout(EX + entity, Language.ENGLISH).stream().filter(Fact::inferred)
                .filter(f -> f.subject().equals(EX + entity))
                .map(f -> f.subjectLabel() + " " + f.predicateLabel() + " " + f.objectLabel() + " by " + f.rule()
                        + " from " + f.source())
                .sorted().toList();
    }

    private KnowledgeGraph familyGraph(String rules) throws IOException {
        Path graphDir = dir.resolve("graph");
        Files.createDirectories(graphDir);
        Files.writeString(graphDir.resolve(KnowledgeGraph.RULES_FILE), rules);
        KnowledgeGraph graph = KnowledgeGraph.open(graphDir);
        graph.importFile(Files.writeString(dir.resolve("family.ttl"), FAMILY));
        return graph;
    }

    @Test
    void chainsInversesSymmetryAndTransitivityFromARulesFileNameTheirRules() throws IOException {
        try (KnowledgeGraph graph = familyGraph(RULES)) {
            assertThat(graph.ruleNames()).endsWith("chain", "ancestor-trans", "child-of", "spouse-sym");
            assertThat(inferred(graph, "Kang")).filteredOn(f -> !f.startsWith("Kang ancestor Hua")).containsExactly(
                    "Kang ancestor Li by ancestor-trans from family.ttl",
                    "Kang ancestor Ming by rdfs7 from family.ttl",
                    "Kang grandparent Hua by chain from family.ttl");
            // Two rules give this one (rdfs7 from the grandparent statement, ancestor-trans through Ming); it is
            // one fact, named by the derivation the engine logged.
            assertThat(inferred(graph, "Kang")).filteredOn(f -> f.startsWith("Kang ancestor Hua")).singleElement()
                    .isIn("Kang ancestor Hua by rdfs7 from family.ttl", "Kang ancestor Hua by ancestor-trans from family.ttl");
            assertThat(inferred(graph, "Ming")).contains("Ming child Kang by child-of from family.ttl",
                    "Ming grandparent Li by chain from family.ttl");
            assertThat(inferred(graph, "Fang")).containsExactly("Fang spouse Kang by spouse-sym from family.ttl");
            assertThat(inferred(graph, "Wei")).isEmpty();
            assertThat(graph.answer("Who is the grandparent of Kang?").map(DirectAnswer::text))
                    .contains("The grandparent of Kang is Hua.");
            assertThat(graph.answer("王康的祖父母是谁?").map(DirectAnswer::text)).contains("王康的祖父母是王华。");
        }
    }

    @Test
    void aChangedRulesFileIsDerivedAgainWhenTheGraphIsOpened() throws IOException {
        long withAllRules;
        try (KnowledgeGraph graph = familyGraph(RULES)) {
            withAllRules = graph.inferredCount();
        }
        Path graphDir = dir.resolve("graph");
        Files.writeString(graphDir.resolve(KnowledgeGraph.RULES_FILE), """
                @prefix : <http://example.org/>.
                [spouse-sym: (?a :spouse ?b) -> (?b :spouse ?a)]
                """);

        try (KnowledgeGraph graph = KnowledgeGraph.open(graphDir)) {
            assertThat(graph.inferredCount()).isLessThan(withAllRules);
            assertThat(inferred(graph, "Kang")).containsExactly(
                    "Kang ancestor Ming by rdfs7 from family.ttl");
            assertThat(inferred(graph, "Fang")).containsExactly("Fang spouse Kang by spouse-sym from family.ttl");
        }
        Files.delete(graphDir.resolve(KnowledgeGraph.RULES_FILE));
        try (KnowledgeGraph graph = KnowledgeGraph.open(graphDir)) {
            assertThat(graph.ruleNames()).isEqualTo(Inference.BUILT_IN.ruleNames());
            assertThat(inferred(graph, "Fang")).isEmpty();
        }
    }

    @Test
    void owlPropertyChainsOfTwoNeedNoRulesFile() throws IOException {
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory()) {
            graph.importFile(Files.writeString(dir.resolve("chain.ttl"), FAMILY + """
                    @prefix owl: <http://www.w3.org/2002/07/owl#> .
                    ex:grandparent owl:propertyChainAxiom ( ex:parent ex:parent ) .
                    """));

            assertThat(inferred(graph, "Kang")).contains("Kang grandparent Hua by prp-spo2 from chain.ttl");
        }
    }

    @Test
    void aMalformedRulesFileIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> UserRules.parse("@prefix : <http://example.org/>.\n\n  [(?a :p ?b) -> (?b :q ?a)]\n", "r.rules"))
                .isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith("r.rules:3:3: the rule has no name");
        assertThatThrownBy(() -> UserRules.parse("[back: (?a <http://e/q> ?b) <- (?b <http://e/p> ?a)]", "r.rules"))
                .hasMessageStartingWith("r.rules:1:1: rule 'back' is a backward rule");
        assertThatThrownBy(() -> UserRules.parse("[a: (?x <http://e/p> ?y) -> (?y <http://e/p> ?x)]\n"
                + "[a: (?x <http://e/q> ?y) -> (?y <http://e/q> ?x)]", "r.rules"))
                .hasMessageStartingWith("r.rules:2:1: a rule named 'a' exists already");
        assertThatThrownBy(() -> UserRules.parse("[rdfs9: (?x <http://e/p> ?y) -> (?y <http://e/p> ?x)]", "r.rules"))
                .hasMessageContaining("(a built-in rule)");
        assertThatThrownBy(() -> UserRules.parse("\n[open: (?x <http://e/p> ?y) -> (?y <http://e/p> ?x)\n", "r.rules"))
                .hasMessageStartingWith("r.rules:2:1: the rule starting here has no closing ']'");
        assertThatThrownBy(() -> UserRules.parse("[bad: (?x nope:p ?y) -> (?y <http://e/p> ?x)]", "r.rules"))
                .hasMessageStartingWith("r.rules:1:1: not a rule:");
        assertThatThrownBy(() -> UserRules.parse("(?x <http://e/p> ?y) -> (?y <http://e/p> ?x) .", "r.rules"))
                .hasMessageStartingWith("r.rules:1:1: expected a rule in brackets");
    }

    @Test
    void aGraphDirectoryWithAMalformedRulesFileDoesNotOpen() throws IOException {
        Path graphDir = Files.createDirectories(dir.resolve("graph"));
        Files.writeString(graphDir.resolve(KnowledgeGraph.RULES_FILE), "# mine\n[oops: (?a <http://e/p> ?b) -> ]\n");

        assertThatThrownBy(() -> KnowledgeGraph.open(graphDir))
                .isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(KnowledgeGraph.RULES_FILE + ":2:1: ");
    }
}
