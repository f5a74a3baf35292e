package org.wenjin.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.jena.graph.Graph;
import org.apache.jena.riot.Lang;
import org.wenjin.knowledge.answering.DirectAnswerer;
import org.wenjin.knowledge.facts.FactRanker;
import org.wenjin.knowledge.facts.FactReader;
import org.wenjin.knowledge.importing.DelimitedReader;
import org.wenjin.knowledge.importing.RdfReader;
import org.wenjin.knowledge.importing.Syntax;
import org.wenjin.knowledge.linking.EntityLinker;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.question.Question;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.store.InferredTriple;
import org.wenjin.knowledge.store.QuadStore;
import org.wenjin.knowledge.text.Language;

/**
 * Wenjin's knowledge graph: statements imported from files into a transactional store (Jena TDB2 on disk,
 * or memory), what the schema implies derived by rules, entities found in questions by their names, the
 * facts that bear on a question, and direct answers to factoid questions.
 *
 * <p>Each import is one transaction: the file is parsed in full first, then its statements replace what
 * the same source asserted before and inference is redone, and only then is anything committed. Readers
 * run concurrently with an import and see the graph as of the last commit.
 */
public final class KnowledgeGraph implements AutoCloseable {
    /** The bundled bilingual demo graph about large language models and their history. */
    public static final String DEMO_RESOURCE = "/org/wenjin/knowledge/demo/llm-history.ttl";

    private final QuadStore store;
    private volatile Lexicon lexicon;

    private KnowledgeGraph(QuadStore store) {
        this.store = store;
        this.lexicon = store.read(() -> Lexicon.of(store.dataset()));
    }

    /** Opens the graph kept in {@code tdb2Directory}, creating an empty one if the directory is absent or empty. */
    public static KnowledgeGraph open(Path tdb2Directory) {
        return new KnowledgeGraph(QuadStore.open(tdb2Directory));
    }

    /** An empty graph in memory, gone when closed. */
    public static KnowledgeGraph inMemory() {
        return new KnowledgeGraph(QuadStore.inMemory());
    }

    /**
     * Imports a file by its extension: .ttl (Turtle), .nt (N-Triples), .jsonld (JSON-LD), .csv or .tsv (a
     * header row naming subject, predicate and object). The file's statements replace any that a file of
     * the same name imported before.
     *
     * @throws KnowledgeImportException for an unreadable, unsupported or malformed file, naming the file,
     *     line and column; the graph is then as it was
     */
    public ImportReport importFile(Path file) {
        String source = file.getFileName().toString();
        Syntax syntax = Syntax.of(file).orElseThrow(() -> new KnowledgeImportException(source,
                "unsupported format; expected one of " + Syntax.supported(), null));
        long start = System.nanoTime();
        Graph statements;
        try (InputStream in = Files.newInputStream(file)) {
            statements = switch (syntax) {
                case CSV -> DelimitedReader.readCsv(reader(in), source);
                case TSV -> DelimitedReader.readTsv(reader(in), source);
                default -> RdfReader.read(in, syntax.lang(), source, file.toUri().toString());
            };
        } catch (NoSuchFileException e) {
            throw new KnowledgeImportException(source, "no such file: " + file, e);
        } catch (IOException | UncheckedIOException e) {
            throw new KnowledgeImportException(source, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return commit(source, statements, start);
    }

    /** Imports Turtle from a stream, crediting its statements to {@code sourceName}. */
    public ImportReport importTurtle(InputStream in, String sourceName) {
        long start = System.nanoTime();
        Graph statements = RdfReader.read(in, Lang.TURTLE, sourceName, null);
        return commit(sourceName, statements, start);
    }

    /** Imports the bundled demo graph (source name {@code llm-history.ttl}). */
    public ImportReport loadDemo() {
        try (InputStream in = KnowledgeGraph.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo graph " + DEMO_RESOURCE + " is missing from the classpath");
            }
            return importTurtle(in, DEMO_RESOURCE.substring(DEMO_RESOURCE.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private synchronized ImportReport commit(String source, Graph statements, long start) {
        store.write(() -> {
            store.replaceSource(source, statements);
            List<InferredTriple> inferred = Inference.derive(store.assertedStatements(), store::sourcesOf);
            store.replaceInferred(inferred);
            return null;
        });
        lexicon = store.read(() -> Lexicon.of(store.dataset()));
        return new ImportReport(source, statements.size(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Distinct asserted statements (a statement two sources assert counts once); inferred ones not included. */
    public long tripleCount() {
        return store.assertedCount();
    }

    /** Distinct statements that only inference gives. */
    public long inferredCount() {
        return store.inferredCount();
    }

    /** The names of the sources imported so far, sorted. */
    public List<String> sources() {
        return store.sources();
    }

    /** The entities {@code text} names, in text order, in Chinese or English. */
    public List<EntityMention> link(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Lexicon names = lexicon;
        return store.read(() -> new EntityLinker(names, store.dataset()).link(text).mentions());
    }

    /**
     * Facts about the entities the question names, most relevant first: statements in both directions,
     * and statements one step further out when the question asks about them.
     */
    public List<Fact> factsFor(String question, int limit) {
        return factsFor(question, limit, 2);
    }

    /** Facts for a question up to {@code hops} statements from a named entity: 1 for direct facts only, 2 to go one step further. */
    public List<Fact> factsFor(String question, int limit, int hops) {
        if (question == null || question.isBlank() || limit <= 0) {
            return List.of();
        }
        Lexicon names = lexicon;
        return store.read(() -> {
            Question parsed = Question.of(question, new EntityLinker(names, store.dataset()).link(question));
            return new FactRanker(new FactReader(store.dataset(), names), names).rank(parsed, limit, hops);
        });
    }

    /** Every fact about one entity (by IRI), in both directions, named in {@code language}. */
    public List<Fact> factsAbout(String entity, Language language) {
        Lexicon names = lexicon;
        return store.read(() -> {
            FactReader reader = new FactReader(store.dataset(), names);
            List<Fact> facts = new ArrayList<>(reader.outgoing(entity, language));
            facts.addAll(reader.incoming(entity, language));
            return facts;
        });
    }

    /** A direct answer to a simple factoid or relation question, from the graph alone; empty when not sure. */
    public Optional<DirectAnswer> answer(String question) {
        if (question == null || question.isBlank()) {
            return Optional.empty();
        }
        Lexicon names = lexicon;
        return store.read(() -> {
            Question parsed = Question.of(question, new EntityLinker(names, store.dataset()).link(question));
            return new DirectAnswerer(new FactReader(store.dataset(), names), names).answer(parsed);
        });
    }

    @Override
    public void close() {
        store.close();
    }
}
