package org.wenjin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wenjin.assistant.Assistant;
import org.wenjin.assistant.DemoKnowledge;
import org.wenjin.assistant.prompt.PromptTemplates;
import org.wenjin.cli.config.Settings;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.store.GraphInUseException;
import org.wenjin.knowledge.store.SparqlEndpointStore;
import org.wenjin.model.ChatModel;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.server.chat.ChatService;
import org.wenjin.store.ConversationStore;

/**
 * One data directory opened for use: the conversation store, the knowledge graph, the document index, the
 * model backend and the assistant over them. The composition root every command starts from.
 */
final class Wenjin implements AutoCloseable {
    /** Written once the demo has been offered to a data directory, so deleting the demo sources sticks. */
    private static final String DEMO_MARKER = ".demo-loaded";
    /** Prompt templates here replace the bundled ones of the same name (e.g. answer.zh.txt). */
    static final String PROMPTS_FOLDER = "prompts";

    private final Settings settings;
    private final ConversationStore store;
    private final KnowledgeGraph graph;
    private final DocumentIndex documents;
    private final ChatModel model;
    private final ChatService chat;

    private Wenjin(Settings settings, ConversationStore store, KnowledgeGraph graph, DocumentIndex documents,
                   ChatModel model) {
        this.settings = settings;
        this.store = store;
        this.graph = graph;
        this.documents = documents;
        this.model = model;
        this.chat = new ChatService(new Assistant(model, graph, documents,
                PromptTemplates.withOverrides(settings.dataDir().resolve(PROMPTS_FOLDER)), settings.dialogue()), store);
    }

    static Wenjin open(Settings settings, PrintWriter log) {
        Path dataDir = settings.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        ChatModel model = ModelBackends.open(settings, log);
        ConversationStore store = null;
        KnowledgeGraph graph = null;
        try {
            store = ConversationStore.open(settings.jdbcUrl());
            graph = openGraph(settings);
            DocumentIndex documents = DocumentIndex.open(settings.indexDir());
            if (!settings.remoteGraph()) {
                // A graph on a server is shared and the user's own: the demo is not written into it.
                offerDemo(dataDir, graph, documents, log);
            }
            return new Wenjin(settings, store, graph, documents, model);
        } catch (RuntimeException e) {
            closeQuietly(model);
            closeQuietly(graph);
            closeQuietly(store);
            throw e;
        }
    }

    /**
     * The knowledge graph the settings name: on the SPARQL server of {@code graph-sparql} (reasoned over with
     * the rules in {@code DATA/graph/inference.rules}, if any), or else the TDB2 graph in {@code DATA/graph}.
     *
     * @throws IllegalStateException when the TDB2 graph is held by another process, saying how to go on
     */
    static KnowledgeGraph openGraph(Settings settings) {
        if (settings.remoteGraph()) {
            Inference rules = Inference.withRulesFrom(settings.graphDir().resolve(KnowledgeGraph.RULES_FILE));
            String update = settings.graphSparqlUpdate() != null ? settings.graphSparqlUpdate() : settings.graphSparql();
            return KnowledgeGraph.over(SparqlEndpointStore.connect(settings.graphSparql(), update), rules);
        }
        try {
            return KnowledgeGraph.open(settings.graphDir());
        } catch (GraphInUseException e) {
            throw new IllegalStateException(e.getMessage() + ". Most likely `wenjin serve` is running on the data "
                    + "directory " + settings.dataDir().toAbsolutePath() + ": stop it (Ctrl+C) and run this "
                    + "command again, then start it again to see the change; or keep the graph on a SPARQL 1.1 "
                    + "server (Fuseki) that the server and these commands share: --sparql URL, or graph-sparql "
                    + "in wenjin.yaml", e);
        }
    }

    private static void offerDemo(Path dataDir, KnowledgeGraph graph, DocumentIndex documents, PrintWriter log) {
        Path marker = dataDir.resolve(DEMO_MARKER);
        if (Files.exists(marker)) {
            return;
        }
        if (DemoKnowledge.loadIfEmpty(graph, documents)) {
            log.println("Loaded the bundled demo knowledge (large language models and their history): "
                    + documents.chunkCount() + " passages, " + graph.tripleCount() + " triples.");
        }
        try {
            Files.writeString(marker, "The demo knowledge base was offered to this data directory.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    Settings settings() {
        return settings;
    }

    ChatService chat() {
        return chat;
    }

    ConversationStore store() {
        return store;
    }

    Assistant assistant() {
        return chat.assistant();
    }

    @Override
    public void close() {
        closeQuietly(model);
        closeQuietly(documents);
        closeQuietly(graph);
        closeQuietly(store);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Shutting down: nothing useful can be done about a failing close.
        }
    }
}
