package org.wenjin.cli;

import java.nio.file.Path;
import java.util.List;
import org.wenjin.cli.config.Settings;
import org.wenjin.cli.config.SettingsResolver;
import picocli.CommandLine.Option;

/** The flags shared by every command that runs the assistant: where data lives and which model to use. */
final class SettingsOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./wenjin-data; env WENJIN_DATA).")
    Path data;

    @Option(names = "--model", paramLabel = "GGUF", description = "A local GGUF model file to answer with.")
    Path model;

    @Option(names = "--openai-base-url", paramLabel = "URL",
            description = "Root of an OpenAI-compatible API (vLLM, Ollama, llama.cpp server), e.g. http://localhost:11434/v1.")
    String openAiBaseUrl;

    @Option(names = "--openai-model", paramLabel = "NAME", description = "Model name to request from the remote server.")
    String openAiModel;

    @Option(names = "--openai-api-key", paramLabel = "KEY", description = "API key for the remote server (env WENJIN_OPENAI_API_KEY).")
    String openAiApiKey;

    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Database for conversations (default: SQLite in the data directory; jdbc:postgresql://... works too).")
    String databaseUrl;

    @Option(names = "--sparql", paramLabel = "URL",
            description = "Keep the knowledge graph on a SPARQL 1.1 server instead of the data directory: its query URL, "
                    + "or a dataset URL that takes both (Fuseki: http://host:3030/ds). Env WENJIN_GRAPH_SPARQL, "
                    + "wenjin.yaml graph-sparql.")
    String sparql;

    @Option(names = "--sparql-update", paramLabel = "URL",
            description = "The server's update URL, when it is not the --sparql URL (Fuseki: http://host:3030/ds/update).")
    String sparqlUpdate;

    @Option(names = "--dialogue", paramLabel = "WHO",
            description = "Who makes follow-ups standalone, plans turns, condenses older turns and finds memories: "
                    + "rules (default) or model (better, one more generation per step). Env WENJIN_DIALOGUE, "
                    + "wenjin.yaml dialogue.")
    String dialogue;

    Settings resolve(String host, Integer port, List<String> apiKeys) {
        return resolve(host, port, apiKeys, null);
    }

    /** With the speech server's flags too (null: from the environment and wenjin.yaml only). */
    Settings resolve(String host, Integer port, List<String> apiKeys, org.wenjin.cli.config.SpeechSettings speech) {
        return SettingsResolver.fromSystem().resolve(new SettingsResolver.Flags(
                data, host, port, apiKeys, model, openAiBaseUrl, openAiModel, openAiApiKey, databaseUrl, sparql,
                sparqlUpdate, speech, dialogue));
    }
}
