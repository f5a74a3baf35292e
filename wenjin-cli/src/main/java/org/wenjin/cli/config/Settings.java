package org.wenjin.cli.config;

import java.nio.file.Path;
import java.util.List;
import org.wenjin.assistant.DialogueMode;
import org.wenjin.llm.model.KvCache;

/**
 * Everything a Wenjin process is configured with, after flags, environment, {@code wenjin.yaml} and
 * defaults have been resolved in that order of precedence.
 *
 * @param model a local GGUF file, or null
 * @param openAiBaseUrl the root of a remote OpenAI-compatible API, or null
 * @param databaseUrl a JDBC URL; null for SQLite in the data directory
 * @param graphSparql the query URL (or dataset URL) of a SPARQL 1.1 server that holds the knowledge graph;
 *     null for the embedded TDB2 graph in the data directory
 * @param graphSparqlUpdate the server's update URL when it is not {@code graphSparql}; null otherwise
 * @param speech the speech server that reads aloud instead of espeak-ng, if any
 * @param images the image-generation server that paints poster backgrounds, if any
 * @param dialogue whether the model also rewrites follow-ups, plans turns, condenses older turns and finds
 *     memories ({@code model}: one more generation per step) or rules do ({@code rules}, the default)
 * @param kvCache how a local model's sessions store keys and values: {@code f32}, or {@code f16} in half the
 *     memory; null for the engine's default ({@code -Dwenjin.llm.kvcache}, else f32)
 */
public record Settings(
        Path dataDir,
        String host,
        int port,
        List<String> apiKeys,
        Path model,
        String openAiBaseUrl,
        String openAiModel,
        String openAiApiKey,
        String databaseUrl,
        int maxConcurrentGenerations,
        int maxQueuedGenerations,
        long maxBodyBytes,
        String graphSparql,
        String graphSparqlUpdate,
        SpeechSettings speech,
        ImageSettings images,
        DialogueMode dialogue,
        KvCache.Precision kvCache) {

    public Settings {
        apiKeys = List.copyOf(apiKeys);
        speech = speech == null ? SpeechSettings.none() : speech;
        images = images == null ? ImageSettings.none() : images;
        dialogue = dialogue == null ? DialogueMode.RULES : dialogue;
        if (model != null && openAiBaseUrl != null) {
            throw new IllegalArgumentException("choose one model backend: --model (a local GGUF file) or "
                    + "--openai-base-url (a remote server), not both");
        }
        if (openAiBaseUrl != null && (openAiModel == null || openAiModel.isBlank())) {
            throw new IllegalArgumentException("--openai-base-url needs --openai-model NAME (the model to ask for)");
        }
        if (graphSparqlUpdate != null && graphSparql == null) {
            throw new IllegalArgumentException("graph-sparql-update (--sparql-update) needs graph-sparql (--sparql URL, "
                    + "the server's query URL)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
    }

    public String jdbcUrl() {
        return databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + dataDir.resolve("wenjin.db").toAbsolutePath();
    }

    /** Whether the knowledge graph is kept on a SPARQL server rather than in the data directory. */
    public boolean remoteGraph() {
        return graphSparql != null;
    }

    public Path graphDir() {
        return dataDir.resolve("graph");
    }

    public Path indexDir() {
        return dataDir.resolve("index");
    }
}
