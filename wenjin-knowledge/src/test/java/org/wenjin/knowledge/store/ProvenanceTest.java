package org.wenjin.knowledge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

    @Test
    void anySourceNameSurvivesTheTripThroughAGraphName() {
        for (String name : List.of("llm-history.ttl", "知识 图谱,v2:final.csv", "a%20b+c.nt", "100%.tsv")) {
            Provenance asserted = Provenance.asserted(name);

            assertThat(Provenance.of(asserted.graphName())).contains(asserted);
            assertThat(Provenance.isSourceGraph(asserted.graphName())).isTrue();
        }
    }

    @Test
    void anInferredStatementKeepsItsRuleAndEveryPremiseSource() {
        Provenance inferred = Provenance.inferred("prp-inv1", List.of("schema.ttl", "data, part 2.csv"));

        Provenance read = Provenance.of(inferred.graphName()).orElseThrow();

        assertThat(read.rule()).isEqualTo("prp-inv1");
        assertThat(read.sources()).containsExactly("data, part 2.csv", "schema.ttl");
        assertThat(Provenance.isInferredGraph(inferred.graphName())).isTrue();
    }

    @Test
    void graphsNamedByOthersHaveNoProvenance() {
        assertThat(Provenance.of(NodeFactory.createURI("http://example.org/graph"))).isEmpty();
        assertThat(Provenance.of(NodeFactory.createBlankNode())).isEmpty();
    }
}
