package org.wenjin.knowledge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.jena.dboe.DBOpEnvException;
import org.apache.jena.dboe.base.file.AlreadyLocked;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.QueryExecBuilder;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * The statements in a transactional Jena dataset in this process: TDB2 in a directory, or memory. An update
 * is one write transaction; readers see the state as of the last commit while a writer works.
 */
public final class EmbeddedStore implements GraphStore {
    private final DatasetGraph dataset;
    private final boolean onDisk;

    private EmbeddedStore(DatasetGraph dataset, boolean onDisk) {
        this.dataset = dataset;
        this.onDisk = onDisk;
    }

    /** Opens the TDB2 database in {@code directory}, creating an empty one if the directory is absent or empty. */
    public static EmbeddedStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the graph directory " + directory, e);
        }
        try {
            return new EmbeddedStore(DatabaseMgr.connectDatasetGraph(directory.toString()), true);
        } catch (RuntimeException e) {
            if (heldByAnotherProcess(e)) {
                throw new GraphInUseException(directory, e);
            }
            throw e;
        }
    }

    /**
     * Whether opening failed on TDB2's process lock ({@code tdb.lock}): Jena's ProcessFileLock throws
     * AlreadyLocked, or a DBOpEnvException "Failed to get a lock: file=...: held by process N".
     */
    private static boolean heldByAnotherProcess(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AlreadyLocked || cause instanceof DBOpEnvException && cause.getMessage() != null
                    && cause.getMessage().startsWith("Failed to get a lock")) {
                return true;
            }
        }
        return false;
    }

    /** An empty store in memory, gone when closed. */
    public static EmbeddedStore inMemory() {
        return new EmbeddedStore(DatasetGraphFactory.createTxnMem(), false);
    }

    @Override
    public <T> T read(Supplier<T> action) {
        if (dataset.isInTransaction()) {
            return action.get();
        }
        return Txn.calculateRead(dataset, action);
    }

    @Override
    public Iterator<Quad> find(Node graph, Node subject, Node predicate, Node object) {
        return dataset.find(graph, subject, predicate, object);
    }

    @Override
    public boolean contains(Node graph, Node subject, Node predicate, Node object) {
        return dataset.contains(graph, subject, predicate, object);
    }

    @Override
    public Set<Node> usedAsPredicate(Collection<Node> candidates) {
        Set<Node> used = new HashSet<>();
        for (Node candidate : candidates) {
            if (dataset.contains(Node.ANY, Node.ANY, candidate, Node.ANY)) {
                used.add(candidate);
            }
        }
        return used;
    }

    @Override
    public QueryExecBuilder query() {
        return QueryExec.dataset(dataset);
    }

    @Override
    public void update(Map<String, Graph> sources, Function<AssertedStatements, Inferences> inference) {
        Txn.executeWrite(dataset, () -> {
            for (Map.Entry<String, Graph> source : sources.entrySet()) {
                Node graph = Provenance.asserted(source.getKey()).graphName();
                dataset.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
                source.getValue().find().forEachRemaining(t -> dataset.add(graph, t.getSubject(), t.getPredicate(), t.getObject()));
            }
            Inferences inferred = inference.apply(new AssertedStatements(assertedStatements(), this::sourcesOf));
            replaceInferred(inferred);
        });
    }

    private void replaceInferred(Inferences inferred) {
        for (Node graph : graphNodes()) {
            if (Provenance.isInferredGraph(graph) || graph.equals(INFERENCE_GRAPH)) {
                dataset.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
            }
        }
        for (InferredTriple statement : inferred.statements()) {
            Triple t = statement.triple();
            dataset.add(statement.provenance().graphName(), t.getSubject(), t.getPredicate(), t.getObject());
        }
        dataset.add(INFERENCE_GRAPH, INFERENCE_GRAPH, RULE_SET, NodeFactory.createLiteralString(inferred.ruleSet()));
    }

    /** A copy, in memory, of every asserted statement, for the reasoner to read. */
    private Graph assertedStatements() {
        Graph union = GraphFactory.createGraphMem();
        for (Node graph : graphNodes()) {
            if (Provenance.isSourceGraph(graph)) {
                dataset.find(graph, Node.ANY, Node.ANY, Node.ANY).forEachRemaining(q -> union.add(q.asTriple()));
            }
        }
        return union;
    }

    private SortedSet<String> sourcesOf(Triple triple) {
        SortedSet<String> sources = new TreeSet<>();
        Iterator<Quad> quads = dataset.find(Node.ANY, triple.getSubject(), triple.getPredicate(), triple.getObject());
        while (quads.hasNext()) {
            Provenance.of(quads.next().getGraph()).filter(p -> !p.isInferred()).ifPresent(p -> sources.addAll(p.sources()));
        }
        return sources;
    }

    @Override
    public List<String> sources() {
        return read(() -> {
            List<String> sources = new ArrayList<>();
            for (Node graph : graphNodes()) {
                Provenance.of(graph).filter(p -> !p.isInferred()).ifPresent(p -> sources.addAll(p.sources()));
            }
            return sources.stream().sorted().toList();
        });
    }

    private List<Node> graphNodes() {
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
