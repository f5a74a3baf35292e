package org.wenjin.knowledge.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.jena.atlas.web.HttpException;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.exec.http.QueryExecHTTP;
import org.apache.jena.sparql.exec.http.UpdateExecHTTP;
import org.apache.jena.sparql.expr.E_Exists;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.modify.request.QuadDataAcc;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.sparql.modify.request.UpdateDrop;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.update.UpdateRequest;

/**
 * The statements on a SPARQL 1.1 server (Fuseki, GraphDB, Virtuoso, ...), read with the SPARQL 1.1 Query
 * protocol and written with SPARQL 1.1 Update, for a graph that outgrows one machine.
 *
 * <p>An update is one SPARQL Update request (drop the replaced graphs, insert their new statements), which
 * a server carries out atomically (SPARQL 1.1 Update, section 2.2: a request's operations are one unit).
 * The reasoner reads the asserted statements before that request; another client writing in between is
 * not noticed, so give a graph one writer at a time. A read makes one request per pattern; within one
 * {@link #read} the answers are kept, since linking and ranking ask about the same entities repeatedly.
 * Blank nodes cannot be looked up by label over the protocol: a statement whose subject is a blank node is
 * found by its predicate or object, never by its subject.
 */
public final class SparqlEndpointStore implements GraphStore {
    private static final Var G = Var.alloc("g");
    private static final Var S = Var.alloc("s");
    private static final Var P = Var.alloc("p");
    private static final Var O = Var.alloc("o");
    private static final Query QUADS = QueryFactory.create("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }");
    private static final Query ANY_QUAD = QueryFactory.create("ASK WHERE { GRAPH ?g { ?s ?p ?o } }");
    /** Candidates per request when asking which are used as predicates: keeps each request a few tens of KB. */
    private static final int VALUES_PER_REQUEST = 500;

    private final String queryEndpoint;
    private final String updateEndpoint;
    private final ThreadLocal<Map<List<Node>, List<Quad>>> readCache = new ThreadLocal<>();

    private SparqlEndpointStore(String queryEndpoint, String updateEndpoint) {
        this.queryEndpoint = queryEndpoint;
        this.updateEndpoint = updateEndpoint;
    }

    /**
     * Connects to a server, checking that it answers queries.
     *
     * @param queryEndpoint the SPARQL query URL (Fuseki: {@code http://host:3030/dataset/query} or the dataset URL)
     * @param updateEndpoint the SPARQL update URL (Fuseki: {@code http://host:3030/dataset/update} or the dataset URL)
     * @throws IllegalStateException naming the endpoint when it cannot be reached or does not speak SPARQL
     */
    public static SparqlEndpointStore connect(String queryEndpoint, String updateEndpoint) {
        SparqlEndpointStore store = new SparqlEndpointStore(queryEndpoint, updateEndpoint);
        try (QueryExec ping = store.query().query("ASK WHERE { }").build()) {
            ping.ask();
        } catch (HttpException | QueryException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot query the SPARQL endpoint " + queryEndpoint + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** Connects to a server that takes queries and updates at one URL (a Fuseki dataset, Virtuoso's /sparql). */
    public static SparqlEndpointStore connect(String endpoint) {
        return connect(endpoint, endpoint);
    }

    public String queryEndpoint() {
        return queryEndpoint;
    }

    @Override
    public <T> T read(Supplier<T> action) {
        if (readCache.get() != null) {
            return action.get();
        }
        readCache.set(new HashMap<>());
        try {
            return action.get();
        } finally {
            readCache.remove();
        }
    }

    @Override
    public Iterator<Quad> find(Node graph, Node subject, Node predicate, Node object) {
        List<Node> pattern = List.of(graph, subject, predicate, object);
        Map<List<Node>, List<Quad>> cache = readCache.get();
        List<Quad> cached = cache == null ? null : cache.get(pattern);
        if (cached != null) {
            return cached.iterator();
        }
        List<Quad> quads = new ArrayList<>();
        if (!isBlank(pattern)) {
            try (QueryExec execution = bind(query().query(QUADS), pattern).build()) {
                RowSet rows = execution.select();
                while (rows.hasNext()) {
                    Binding row = rows.next();
                    quads.add(Quad.create(value(graph, G, row), value(subject, S, row), value(predicate, P, row),
                            value(object, O, row)));
                }
            }
        }
        if (cache != null) {
            cache.put(pattern, quads);
        }
        return quads.iterator();
    }

    @Override
    public boolean contains(Node graph, Node subject, Node predicate, Node object) {
        List<Node> pattern = List.of(graph, subject, predicate, object);
        if (isBlank(pattern)) {
            return false;
        }
        try (QueryExec execution = bind(query().query(ANY_QUAD), pattern).build()) {
            return execution.ask();
        }
    }

    /** Whether the pattern names a blank node, which the server knows by a label of its own. */
    private static boolean isBlank(List<Node> pattern) {
        return pattern.stream().anyMatch(Node::isBlank);
    }

    private static QueryExecBuilder bind(QueryExecBuilder builder, List<Node> pattern) {
        Var[] vars = {G, S, P, O};
        for (int i = 0; i < vars.length; i++) {
            if (pattern.get(i).isConcrete()) {
                builder.substitution(vars[i], pattern.get(i));
            }
        }
        return builder;
    }

    private static Node value(Node bound, Var var, Binding row) {
        return bound.isConcrete() ? bound : row.get(var);
    }

    @Override
    public Set<Node> usedAsPredicate(Collection<Node> candidates) {
        List<Node> all = candidates.stream().filter(Node::isURI).toList();
        Set<Node> used = new HashSet<>();
        for (int from = 0; from < all.size(); from += VALUES_PER_REQUEST) {
            List<Node> chunk = all.subList(from, Math.min(all.size(), from + VALUES_PER_REQUEST));
            try (QueryExec execution = query().query(predicatesAmong(chunk)).build()) {
                execution.select().forEachRemaining(row -> used.add(row.get(P)));
            }
        }
        return used;
    }

    /** {@code SELECT ?p WHERE { VALUES ?p { ... } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }}, built as syntax, not text. */
    private static Query predicatesAmong(List<Node> candidates) {
        ElementData values = new ElementData();
        values.add(P);
        for (Node candidate : candidates) {
            values.add(BindingFactory.binding(P, candidate));
        }
        ElementTriplesBlock statement = new ElementTriplesBlock();
        statement.addTriple(Triple.create(S, P, O));
        ElementGroup exists = new ElementGroup();
        exists.addElement(new ElementNamedGraph(G, statement));
        ElementGroup where = new ElementGroup();
        where.addElement(values);
        where.addElement(new ElementFilter(new E_Exists(exists)));
        Query query = new Query();
        query.setQuerySelectType();
        query.addResultVar(P);
        query.setQueryPattern(where);
        return query;
    }

    @Override
    public QueryExecBuilder query() {
        return QueryExecHTTP.service(queryEndpoint);
    }

    @Override
    public void update(Map<String, Graph> sources, Function<AssertedStatements, Inferences> inference) {
        Set<Node> replaced = new HashSet<>();
        for (String source : sources.keySet()) {
            replaced.add(Provenance.asserted(source).graphName());
        }
        Graph union = GraphFactory.createGraphMem();
        Map<Triple, SortedSet<String>> sourcesOf = new HashMap<>();
        List<Node> inferredGraphs = new ArrayList<>();
        try (QueryExec execution = query().query(QUADS).build()) {
            RowSet rows = execution.select();
            while (rows.hasNext()) {
                Binding row = rows.next();
                Node graph = row.get(G);
                if (Provenance.isInferredGraph(graph)) {
                    if (!inferredGraphs.contains(graph)) {
                        inferredGraphs.add(graph);
                    }
                } else if (Provenance.isSourceGraph(graph) && !replaced.contains(graph)) {
                    assertedBy(union, sourcesOf, Triple.create(row.get(S), row.get(P), row.get(O)), graph);
                }
            }
        }
        for (Map.Entry<String, Graph> source : sources.entrySet()) {
            Node graph = Provenance.asserted(source.getKey()).graphName();
            source.getValue().find().forEachRemaining(t -> assertedBy(union, sourcesOf, t, graph));
        }
        Inferences inferred = inference.apply(new AssertedStatements(union,
                t -> sourcesOf.getOrDefault(t, new TreeSet<>())));

        UpdateRequest request = new UpdateRequest();
        for (Node graph : replaced) {
            request.add(new UpdateDrop(graph, true));
        }
        for (Node graph : inferredGraphs) {
            request.add(new UpdateDrop(graph, true));
        }
        request.add(new UpdateDrop(INFERENCE_GRAPH, true));
        QuadDataAcc inserted = new QuadDataAcc();
        for (Map.Entry<String, Graph> source : sources.entrySet()) {
            Node graph = Provenance.asserted(source.getKey()).graphName();
            source.getValue().find().forEachRemaining(t -> inserted.addQuad(Quad.create(graph, t)));
        }
        for (InferredTriple statement : inferred.statements()) {
            inserted.addQuad(Quad.create(statement.provenance().graphName(), statement.triple()));
        }
        inserted.addQuad(Quad.create(INFERENCE_GRAPH, INFERENCE_GRAPH, RULE_SET,
                NodeFactory.createLiteralString(inferred.ruleSet())));
        request.add(new UpdateDataInsert(inserted));
        UpdateExecHTTP.service(updateEndpoint).update(request).build().execute();
    }

    private static void assertedBy(Graph union, Map<Triple, SortedSet<String>> sourcesOf, Triple triple, Node graph) {
        union.add(triple);
        sourcesOf.computeIfAbsent(triple, t -> new TreeSet<>()).addAll(Provenance.of(graph).orElseThrow().sources());
    }

    @Override
    public void close() {
        // Each request opens and closes its own exchange; there is no connection to release.
    }
}
