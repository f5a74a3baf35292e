package org.wenjin.knowledge.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.sparql.exec.RowSet;

/**
 * Where the statements of a knowledge graph are kept: quads in named graphs, each graph named by the
 * {@link Provenance} of its statements (one graph per imported source, one per inference rule and set of
 * premise sources). The default graph stays empty.
 *
 * <p>Two implementations: {@link EmbeddedStore}, a Jena dataset in this process (TDB2 on disk, or memory),
 * and {@link SparqlEndpointStore}, any SPARQL 1.1 server (Fuseki, GraphDB, Virtuoso, ...) reached by URL.
 */
public interface GraphStore extends AutoCloseable {
    /** The graph that records which rules derived the inferred statements. */
    Node INFERENCE_GRAPH = NodeFactory.createURI("urn:wenjin:inference");
    /** The predicate of the one statement in {@link #INFERENCE_GRAPH}: its object is the rule set's digest. */
    Node RULE_SET = NodeFactory.createURI("urn:wenjin:ruleSet");

    /**
     * Runs {@code action}, whose reads see one committed state of the store where the store can promise that
     * (an embedded dataset can; a remote endpoint answers each request from its latest state).
     */
    <T> T read(Supplier<T> action);

    /** The quads matching a pattern, {@link Node#ANY} matching anything. Call inside {@link #read}. */
    Iterator<Quad> find(Node graph, Node subject, Node predicate, Node object);

    /** Whether any quad matches the pattern. Call inside {@link #read}. */
    boolean contains(Node graph, Node subject, Node predicate, Node object);

    /** Of {@code candidates}, those some statement uses as its predicate. Call inside {@link #read}. */
    Set<Node> usedAsPredicate(Collection<Node> candidates);

    /** A SPARQL query over the store's named graphs, to be given its query and run inside {@link #read}. */
    QueryExecBuilder query();

    /**
     * One atomic change: each source named in {@code sources} now asserts exactly the statements mapped to it
     * (an empty graph removes the source), and every inferred statement is replaced by what {@code inference}
     * derives from all the asserted statements as they are after that. If anything fails, nothing changes.
     */
    void update(Map<String, Graph> sources, Function<AssertedStatements, Inferences> inference);

    @Override
    void close();

    /** The names of the sources that assert something, sorted. */
    default List<String> sources() {
        return read(() -> {
            List<String> sources = new ArrayList<>();
            for (Node graph : graphNames()) {
                Provenance.of(graph).filter(p -> !p.isInferred()).ifPresent(p -> sources.addAll(p.sources()));
            }
            return sources.stream().sorted().toList();
        });
    }

    /** Distinct asserted statements, a statement asserted by two sources counting once. */
    default long assertedCount() {
        return countDistinct("STRSTARTS(STR(?g), \"" + Provenance.sourceGraphPrefix() + "\")");
    }

    /** Distinct statements that only inference gives. */
    default long inferredCount() {
        return countDistinct("STRSTARTS(STR(?g), \"" + Provenance.sourceGraphPrefix() + "\") || STRSTARTS(STR(?g), \""
                + Provenance.inferredGraphPrefix() + "\")") - assertedCount();
    }

    /** The digest of the rules that derived the stored inferred statements; empty before the first derivation. */
    default Optional<String> ruleSet() {
        return read(() -> {
            Iterator<Quad> quads = find(INFERENCE_GRAPH, INFERENCE_GRAPH, RULE_SET, Node.ANY);
            return quads.hasNext() ? Optional.of(quads.next().getObject().getLiteralLexicalForm()) : Optional.empty();
        });
    }

    private long countDistinct(String graphFilter) {
        Query query = QueryFactory.create("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                + "GRAPH ?g { ?s ?p ?o } FILTER(" + graphFilter + ") } }");
        return read(() -> {
            try (QueryExec execution = query().query(query).build()) {
                return Long.parseLong(execution.select().next().get("n").getLiteralLexicalForm());
            }
        });
    }

    private List<Node> graphNames() {
        List<Node> names = new ArrayList<>();
        try (QueryExec execution = query().query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").build()) {
            RowSet rows = execution.select();
            rows.forEachRemaining(row -> names.add(row.get("g")));
        }
        return names;
    }
}
