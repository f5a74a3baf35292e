package org.wenjin.knowledge;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.wenjin.knowledge.answering.DirectAnswerer;
import org.wenjin.knowledge.exporting.StatementWriter;
import org.wenjin.knowledge.extraction.ExtractionOptions;
import org.wenjin.knowledge.extraction.ExtractionPlan;
import org.wenjin.knowledge.extraction.ExtractionReport;
import org.wenjin.knowledge.extraction.ExtractionSchema;
import org.wenjin.knowledge.extraction.Passage;
import org.wenjin.knowledge.extraction.PassageResult;
import org.wenjin.knowledge.extraction.Rejection;
import org.wenjin.knowledge.extraction.TripleExtractor;
import org.wenjin.knowledge.facts.FactRanker;
import org.wenjin.knowledge.facts.FactReader;
import org.wenjin.knowledge.importing.DelimitedReader;
import org.wenjin.knowledge.importing.ProgressStream;
import org.wenjin.knowledge.importing.RdfReader;
import org.wenjin.knowledge.importing.Syntax;
import org.wenjin.knowledge.linking.EntityLinker;
import org.wenjin.knowledge.linking.Lexicon;
import org.wenjin.knowledge.question.Question;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.store.EmbeddedStore;
import org.wenjin.knowledge.store.GraphStore;
import org.wenjin.knowledge.store.Provenance;
import org.wenjin.knowledge.text.Language;
import org.wenjin.knowledge.training.ChatJsonl;
import org.wenjin.knowledge.training.InstructionSamples;
import org.wenjin.knowledge.training.TrainingOptions;
import org.wenjin.knowledge.training.TrainingReport;
import org.wenjin.knowledge.training.TrainingSample;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;
import org.wenjin.model.ModelException;
import org.wenjin.model.TokenSink;

/**
 * Wenjin's knowledge graph: statements imported from files into a transactional store (Jena TDB2 on disk,
 * memory, or a remote SPARQL 1.1 server), what the schema and the user's rules imply derived by rules,
 * entities found in questions by their names, the facts that bear on a question, and direct answers to
 * factoid questions.
 *
 * <p>Each import is one transaction: the files are parsed in full first, then their statements replace what
 * the same sources asserted before and inference is redone, and only then is anything committed. Readers
 * run concurrently with an import and see the graph as of the last commit.
 */
public final class KnowledgeGraph implements AutoCloseable {
    /** The bundled bilingual demo graph about large language models and their history. */
    public static final String DEMO_RESOURCE = "/org/wenjin/knowledge/demo/llm-history.ttl";
    /** The user's own inference rules, in Jena rule syntax, in the graph directory. */
    public static final String RULES_FILE = "inference.rules";

    /** A plain string: Jena's vocabulary constants are not ready before Jena has initialised itself. */
    private static final String RDF_TYPE = RDF.uri + "type";

    private final GraphStore store;
    private final Inference inference;
    private volatile Lexicon lexicon;

    private KnowledgeGraph(GraphStore store, Inference inference) {
        this.store = store;
        this.inference = inference;
        if (store.ruleSet().filter(inference.ruleSet()::equals).isEmpty() && !store.sources().isEmpty()) {
            // The stored inferences were derived with other rules (the rules file changed): derive them again.
            store.update(Map.of(), inference::derive);
        }
        this.lexicon = store.read(() -> Lexicon.of(store));
    }

    /**
     * Opens the graph kept in {@code tdb2Directory}, creating an empty one if the directory is absent or empty,
     * with the built-in rules and those of {@value #RULES_FILE} in that directory, if there is one.
     *
     * @throws org.wenjin.knowledge.reasoning.RuleFileException when the rules file is malformed
     * @throws org.wenjin.knowledge.store.GraphInUseException when another process has the directory open
     */
    public static KnowledgeGraph open(Path tdb2Directory) {
        Inference rules = Inference.withRulesFrom(tdb2Directory.resolve(RULES_FILE));
        return new KnowledgeGraph(EmbeddedStore.open(tdb2Directory), rules);
    }

    /** An empty graph in memory, gone when closed. */
    public static KnowledgeGraph inMemory() {
        return new KnowledgeGraph(EmbeddedStore.inMemory(), Inference.BUILT_IN);
    }

    /** A graph in any store, reasoned over with {@code inference}; closing the graph closes the store. */
    public static KnowledgeGraph over(GraphStore store, Inference inference) {
        return new KnowledgeGraph(store, inference);
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
        return importFiles(List.of(file), ImportListener.NONE).getFirst();
    }

    /**
     * Imports several files in one transaction: every file is parsed before anything is written, so one
     * malformed file imports none of them. Each file's statements replace what a file of the same name
     * imported before.
     *
     * @return one report per file, in the order given
     * @throws KnowledgeImportException for the first unreadable, unsupported or malformed file, naming the
     *     file, line and column; the graph is then as it was
     */
    public List<ImportReport> importFiles(List<Path> files, ImportListener listener) {
        long start = System.nanoTime();
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // An unreadable file is reported by name when it is read below.
            }
        }
        Map<String, Graph> parsed = new LinkedHashMap<>();
        long done = 0;
        for (Path file : files) {
            String source = file.getFileName().toString();
            if (parsed.containsKey(source)) {
                throw new KnowledgeImportException(source, "two files of this import have the same name; a source is "
                        + "known by its file name, so one would replace the other", null);
            }
            Syntax syntax = Syntax.of(file).orElseThrow(() -> new KnowledgeImportException(source,
                    "unsupported format; expected one of " + Syntax.supported(), null));
            long before = done;
            long all = total;
            listener.onProgress(new ImportProgress(ImportProgress.Phase.READING, source, done, total));
            try (InputStream in = new ProgressStream(Files.newInputStream(file),
                    read -> listener.onProgress(new ImportProgress(ImportProgress.Phase.READING, source, before + read, all)))) {
                parsed.put(source, switch (syntax) {
                    case CSV -> DelimitedReader.readCsv(reader(in), source);
                    case TSV -> DelimitedReader.readTsv(reader(in), source);
                    default -> RdfReader.read(in, syntax.lang(), source, file.toUri().toString());
                });
            } catch (NoSuchFileException e) {
                throw new KnowledgeImportException(source, "no such file: " + file, e);
            } catch (IOException | UncheckedIOException e) {
                throw new KnowledgeImportException(source, "cannot read " + file + ": " + e.getMessage(), e);
            }
            try {
                done += Files.size(file);
            } catch (IOException e) {
                throw new KnowledgeImportException(source, "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        listener.onProgress(new ImportProgress(ImportProgress.Phase.COMMITTING, null, done, total));
        commit(parsed);
        listener.onProgress(new ImportProgress(ImportProgress.Phase.DONE, null, done, total));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<ImportReport> reports = new ArrayList<>();
        parsed.forEach((source, statements) -> reports.add(new ImportReport(source, statements.size(), took)));
        return reports;
    }

    /** Imports Turtle from a stream, crediting its statements to {@code sourceName}. */
    public ImportReport importTurtle(InputStream in, String sourceName) {
        long start = System.nanoTime();
        Graph statements = RdfReader.read(in, Lang.TURTLE, sourceName, null);
        commit(Map.of(sourceName, statements));
        return new ImportReport(sourceName, statements.size(), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Replaces what {@code source} asserted with {@code statements}, as an import of a file of that name does.
     * For statements made in code, such as those extracted from documents.
     */
    public ImportReport importStatements(String source, Graph statements) {
        long start = System.nanoTime();
        commit(Map.of(source, statements));
        return new ImportReport(source, statements.size(), Duration.ofNanos(System.nanoTime() - start));
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

    private synchronized void commit(Map<String, Graph> sources) {
        store.update(sources, inference::derive);
        lexicon = store.read(() -> Lexicon.of(store));
    }

    /**
     * Writes every asserted statement to {@code out} in {@code syntax}, sorted, each statement once; inferred
     * statements are left out, as the rules give them again on import.
     *
     * @return how many statements were written
     */
    public long export(OutputStream out, Syntax syntax) {
        return StatementWriter.write(store, syntax, out);
    }

    /**
     * Runs a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) over the named graphs of the store,
     * stopped after {@code timeLimit}, and hands the running execution to {@code reader}. The text is parsed
     * as a query, never as an update, so it cannot change the graph.
     *
     * @throws org.apache.jena.query.QueryParseException when the text is not a SPARQL query, with its line and column
     * @throws org.apache.jena.query.QueryCancelledException when the query runs past {@code timeLimit}
     */
    public <T> T query(String sparql, Duration timeLimit, Function<QueryExec, T> reader) {
        Query query = QueryFactory.create(sparql);
        return store.read(() -> {
            try (QueryExec execution = store.query().query(query).timeout(timeLimit.toMillis(), TimeUnit.MILLISECONDS)
                    .build()) {
                return reader.apply(execution);
            }
        });
    }

    /**
     * Instruction-tuning samples made from the graph: questions and answers about each entity's facts, two-step
     * paths, and questions the graph cannot answer, entity by entity (sorted by IRI), made as the stream is read.
     * The same graph and options give the same samples.
     */
    public Stream<TrainingSample> trainingSamples(TrainingOptions options) {
        InstructionSamples samples = InstructionSamples.of(store, lexicon, options);
        return samples.entities().stream().flatMap(entity -> samples.about(entity).stream());
    }

    /** Writes {@link #trainingSamples} as OpenAI chat JSONL, one sample a line: the same graph and options, the same bytes. */
    public TrainingReport writeTrainingSamples(OutputStream out, TrainingOptions options) {
        Set<String> entities = new HashSet<>();
        long[] counts = new long[TrainingSample.Kind.values().length];
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try (Stream<TrainingSample> samples = trainingSamples(options)) {
            for (TrainingSample sample : (Iterable<TrainingSample>) samples::iterator) {
                writer.write(ChatJsonl.line(sample));
                writer.write('\n');
                entities.add(sample.subject());
                counts[sample.kind().ordinal()]++;
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TrainingReport(entities.size(), counts[TrainingSample.Kind.FACT.ordinal()],
                counts[TrainingSample.Kind.PATH.ordinal()], counts[TrainingSample.Kind.NEGATIVE.ordinal()]);
    }

    /** The classes and predicates the graph already has, as a schema for extracting more statements from documents. */
    public ExtractionSchema schema() {
        return store.read(() -> ExtractionSchema.of(store, "the graph's schema"));
    }

    /**
     * Which passages of a document (plain text or Markdown, UTF-8) need extracting: those whose text has not
     * been extracted before. Passages extracted before and gone from the document are to be removed.
     *
     * @throws KnowledgeImportException when the document cannot be read or is not a text document
     */
    public ExtractionPlan planExtraction(Path document, ExtractionOptions options) {
        return ExtractionPlan.of(document, sources(), options);
    }

    /**
     * Checks a model's reply to the extraction prompt for a passage: the statements that would enter the graph
     * (entities merged with the graph's by label and alias, SHACL-valid under {@code schema}) and what is
     * refused, with reasons. Changes nothing.
     */
    public PassageResult checkReply(Passage passage, String reply, ExtractionSchema schema) {
        Lexicon names = lexicon;
        return store.read(() -> new TripleExtractor(schema, names, store).check(passage, reply));
    }

    /**
     * Commits what a plan's passages gave, in one transaction: each passage that gave statements becomes a
     * source named by it (so every fact shows its passage, see {@link #passage}), and the passages gone from
     * the document are removed. A passage that gave nothing is not recorded, so it is tried again next time.
     */
    public ExtractionReport commitExtraction(ExtractionPlan plan, List<PassageResult> results) {
        Map<String, Graph> sources = new LinkedHashMap<>();
        for (String removed : plan.removed()) {
            sources.put(removed, GraphFactory.createGraphMem());
        }
        List<Triple> accepted = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (PassageResult result : results) {
            rejections.addAll(result.rejections());
            if (result.accepted().isEmpty()) {
                continue;
            }
            Passage passage = result.passage();
            Graph statements = GraphFactory.createGraphMem();
            result.statements().find().forEachRemaining(statements::add);
            Node record = NodeFactory.createURI("urn:wenjin:passage:" + passage.hash());
            statements.add(record, TripleExtractor.PASSAGE_TEXT, NodeFactory.createLiteralString(passage.text()));
            statements.add(record, TripleExtractor.DOCUMENT, NodeFactory.createLiteralString(passage.document()));
            sources.put(passage.source(), statements);
            accepted.addAll(result.accepted());
        }
        if (!sources.isEmpty()) {
            commit(sources);
        }
        return new ExtractionReport(plan.document(), results.size(), plan.unchanged().size(), plan.removed().size(),
                accepted, rejections);
    }

    /**
     * Extracts statements from a document with {@code model}, under {@code schema}: the passages not extracted
     * before are sent to the model one by one, each reply is checked ({@link #checkReply}), and everything is
     * committed at the end ({@link #commitExtraction}). A model that fails on a passage is a rejection of that
     * passage, not an error.
     */
    public ExtractionReport extract(Path document, ExtractionSchema schema, ChatModel model, ExtractionOptions options) {
        return extract(planExtraction(document, options), schema, model, options);
    }

    /**
     * As {@link #extract(Path, ExtractionSchema, ChatModel, ExtractionOptions)}, for the text of a document
     * read elsewhere (a PDF or Office file through a document parser), its paragraphs separated by blank lines.
     *
     * @param name the document's file name, which names its passages
     */
    public ExtractionReport extract(String name, String text, ExtractionSchema schema, ChatModel model,
                                    ExtractionOptions options) {
        return extract(ExtractionPlan.of(name, text, sources(), options), schema, model, options);
    }

    private ExtractionReport extract(ExtractionPlan plan, ExtractionSchema schema, ChatModel model, ExtractionOptions options) {
        List<PassageResult> results = new ArrayList<>();
        TripleExtractor extractor = new TripleExtractor(schema, lexicon, store);
        GenerationOptions generation = new GenerationOptions(options.maxReplyTokens(), 0, 1, 0L, List.of());
        for (Passage passage : plan.toExtract()) {
            String reply;
            try {
                reply = model.chat(new ChatRequest(extractor.prompt(passage), generation), TokenSink.NONE, new Cancellation()).text();
            } catch (ModelException e) {
                results.add(new PassageResult(passage, GraphFactory.createGraphMem(), List.of(),
                        List.of(new Rejection(passage.source(), "", "the model failed on this passage: " + e.getMessage()))));
                continue;
            }
            results.add(checkReply(passage, reply, schema));
        }
        return commitExtraction(plan, results);
    }

    /** The text of the passage a source name of extraction stands for ({@code report.md#3f2a...}); empty for other sources. */
    public Optional<String> passage(String source) {
        Node graph = Provenance.asserted(source).graphName();
        return store.read(() -> {
            var quads = store.find(graph, Node.ANY, TripleExtractor.PASSAGE_TEXT, Node.ANY);
            return quads.hasNext() ? Optional.of(quads.next().getObject().getLiteralLexicalForm()) : Optional.empty();
        });
    }

    /** The names of the rules inference runs, built-in ones first. */
    public List<String> ruleNames() {
        return inference.ruleNames();
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
        return store.read(() -> new EntityLinker(names, store).link(text).mentions());
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
        return rankedFactsFor(question, limit, hops).stream().map(RankedFact::fact).toList();
    }

    /** As {@link #factsFor(String, int, int)}, with each fact's relevance score. */
    public List<RankedFact> rankedFactsFor(String question, int limit, int hops) {
        if (question == null || question.isBlank() || limit <= 0) {
            return List.of();
        }
        Lexicon names = lexicon;
        return store.read(() -> {
            Question parsed = Question.of(question, new EntityLinker(names, store).link(question));
            return new FactRanker(new FactReader(store, names), names).rank(parsed, limit, hops);
        });
    }

    /** Every fact about one entity (by IRI), in both directions, named in {@code language}. */
    public List<Fact> factsAbout(String entity, Language language) {
        Lexicon names = lexicon;
        return store.read(() -> {
            FactReader reader = new FactReader(store, names);
            List<Fact> facts = new ArrayList<>(reader.outgoing(entity, language));
            facts.addAll(reader.incoming(entity, language));
            return facts;
        });
    }

    /**
     * What the graph says about one entity, named in {@code language}: labels, aliases, classes, facts in both
     * directions and the neighbours they lead to; empty when the graph neither names it nor says anything of it.
     */
    public Optional<EntityDescription> describe(String entity, Language language) {
        Lexicon names = lexicon;
        return store.read(() -> {
            FactReader reader = new FactReader(store, names);
            List<Fact> outgoing = new ArrayList<>();
            List<EntityDescription.Resource> types = new ArrayList<>();
            Map<String, Integer> connections = new LinkedHashMap<>();
            for (Fact fact : reader.outgoing(entity, language)) {
                boolean resource = !reader.hasLiteralObject(fact);
                if (resource && fact.predicate().equals(RDF_TYPE)) {
                    types.add(new EntityDescription.Resource(fact.object(), fact.objectLabel()));
                    continue;
                }
                outgoing.add(fact);
                if (resource && !fact.object().equals(entity)) {
                    connections.merge(fact.object(), 1, Integer::sum);
                }
            }
            List<Fact> incoming = reader.incoming(entity, language);
            for (Fact fact : incoming) {
                if (!fact.subject().equals(entity) && !fact.subject().startsWith("_:")) {
                    connections.merge(fact.subject(), 1, Integer::sum);
                }
            }
            List<Lexicon.Label> labels = names.labels(entity);
            if (labels.isEmpty() && outgoing.isEmpty() && types.isEmpty() && incoming.isEmpty()) {
                return Optional.empty();
            }
            List<EntityDescription.Neighbour> neighbours = connections.entrySet().stream()
                    .map(c -> new EntityDescription.Neighbour(c.getKey(), names.label(c.getKey(), language), c.getValue()))
                    .sorted(Comparator.comparingInt(EntityDescription.Neighbour::facts).reversed()
                            .thenComparing(EntityDescription.Neighbour::label))
                    .toList();
            types.sort(Comparator.comparing(EntityDescription.Resource::label));
            return Optional.of(new EntityDescription(entity, names.label(entity, language),
                    labels.stream().filter(Lexicon.Label::preferred).map(l -> new EntityDescription.Name(l.text(), l.language())).toList(),
                    labels.stream().filter(l -> !l.preferred()).map(l -> new EntityDescription.Name(l.text(), l.language())).toList(),
                    types, outgoing, incoming, neighbours));
        });
    }

    /**
     * The fact with id {@code factId} about an entity named {@code subjectName} (a label or alias, or the IRI
     * itself), as an answer cites it: a citation of a fact carries the fact's id and its subject's name.
     */
    public Optional<Fact> fact(String factId, String subjectName, Language language) {
        Lexicon names = lexicon;
        return store.read(() -> {
            FactReader reader = new FactReader(store, names);
            List<String> subjects = new ArrayList<>(names.named(subjectName).stream().map(Lexicon.Candidate::entity).toList());
            subjects.add(subjectName.strip());
            for (String subject : subjects) {
                for (Language in : List.of(language, language == Language.CHINESE ? Language.ENGLISH : Language.CHINESE)) {
                    Optional<Fact> found = reader.outgoing(subject, in).stream().filter(f -> f.id().equals(factId)).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** Whether the fact's object is a resource (an IRI), which has facts of its own, rather than a literal value. */
    public boolean hasResourceObject(Fact fact) {
        Lexicon names = lexicon;
        return store.read(() -> !new FactReader(store, names).hasLiteralObject(fact));
    }

    /** A direct answer to a simple factoid or relation question, from the graph alone; empty when not sure. */
    public Optional<DirectAnswer> answer(String question) {
        if (question == null || question.isBlank()) {
            return Optional.empty();
        }
        Lexicon names = lexicon;
        return store.read(() -> {
            Question parsed = Question.of(question, new EntityLinker(names, store).link(question));
            return new DirectAnswerer(new FactReader(store, names), names).answer(parsed);
        });
    }

    @Override
    public void close() {
        store.close();
    }
}
