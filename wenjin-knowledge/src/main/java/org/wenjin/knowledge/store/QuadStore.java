package org.wenjin.knowledge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * The statements of the graph as quads in a transactional Jena dataset, either TDB2 on disk or in memory.
 * Every statement sits in the named graph its {@link Provenance} names; the default graph stays empty.
 * Readers see the state as of the last commit while a writer works.
 */
public final class QuadStore implements AutoCloseable {
    private final DatasetGraph dataset;
    private final boolean onDisk;

    private QuadStore(DatasetGraph dataset, boolean onDisk) {
        this.dataset = dataset;
        this.onDisk = onDisk;
    }

    public static QuadStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the graph directory " + directory, e);
        }
        return new QuadStore(DatabaseMgr.connectDatasetGraph(directory.toString()), true);
    }

    public static QuadStore inMemory() {
        return new QuadStore(DatasetGraphFactory.createTxnMem(), false);
    }

    public DatasetGraph dataset() {
        return dataset;
    }

    public <T> T read(Supplier<T> action) {
        if (dataset.isInTransaction()) {
            return action.get();
        }
        return Txn.calculateRead(dataset, action);
    }

    /** Runs {@code action} in one write transaction: it commits if the action returns, aborts if it throws. */
    public <T> T write(Supplier<T> action) {
        return Txn.calculateWrite(dataset, action);
    }

    /** Replaces everything {@code source} asserted with {@code triples}. Call inside {@link #write}. */
    public void replaceSource(String source, Graph triples) {
        Node graph = Provenance.asserted(source).graphName();
        dataset.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
        triples.find().forEachRemaining(t -> dataset.add(graph, t.getSubject(), t.getPredicate(), t.getObject()));
    }

    /** Replaces every inferred statement with {@code inferred}. Call inside {@link #write}. */
    public void replaceInferred(List<InferredTriple> inferred) {
        for (Node graph : graphNames()) {
            if (Provenance.isInferredGraph(graph)) {
                dataset.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
            }
        }
        for (InferredTriple statement : inferred) {
            Triple t = statement.triple();
            dataset.add(statement.provenance().graphName(), t.getSubject(), t.getPredicate(), t.getObject());
        }
    }

    /** A copy, in memory, of every asserted statement, for the reasoner to read. */
    public Graph assertedStatements() {
        return read(() -> {
            Graph union = GraphFactory.createGraphMem();
            for (Node graph : graphNames()) {
                if (Provenance.isSourceGraph(graph)) {
                    dataset.find(graph, Node.ANY, Node.ANY, Node.ANY).forEachRemaining(q -> union.add(q.asTriple()));
                }
            }
            return union;
        });
    }

    /** The sources that assert {@code triple}; empty if none does. */
    public SortedSet<String> sourcesOf(Triple triple) {
        return read(() -> {
            SortedSet<String> sources = new TreeSet<>();
            Iterator<Quad> quads = dataset.find(Node.ANY, triple.getSubject(), triple.getPredicate(), triple.getObject());
            while (quads.hasNext()) {
                Provenance.of(quads.next().getGraph())
                        .filter(p -> !p.isInferred())
                        .ifPresent(p -> sources.addAll(p.sources()));
            }
            return sources;
        });
    }

    public List<String> sources() {
        return read(() -> {
            List<String> sources = new ArrayList<>();
            for (Node graph : graphNames()) {
                Provenance.of(graph).filter(p -> !p.isInferred()).ifPresent(p -> sources.addAll(p.sources()));
            }
            return sources.stream().sorted().toList();
        });
    }

    /** Distinct asserted statements, a statement asserted by two sources counting once. */
    public long assertedCount() {
        return countDistinct("STRSTARTS(STR(?g), \"" + Provenance.sourceGraphPrefix() + "\")");
    }

    /** Distinct statements that only inference gives. */
    public long inferredCount() {
        return countDistinct("true") - assertedCount();
    }

    private long countDistinct(String graphFilter) {
        String query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER("
                + graphFilter + ") } }";
        return read(() -> {
            try (QueryExecution execution = QueryExecution.dataset(DatasetFactory.wrap(dataset)).query(query).build()) {
                QuerySolution row = execution.execSelect().next();
                return row.getLiteral("n").getLong();
            }
        });
    }

    private List<Node> graphNames() {
        List<Node> names = new ArrayList<>();
        dataset.listGraphNodes().forEachRemaining(names::add);
        return names;
    }

    @Override
    public void close() {
        if (onDisk) {
            // Releases the directory so that it can be opened again, in this process or another one.
            TDBInternal.expel(dataset);
        } else {
            dataset.close();
        }
    }
}
