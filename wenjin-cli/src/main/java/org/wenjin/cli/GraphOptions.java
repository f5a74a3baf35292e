package org.wenjin.cli;

import org.wenjin.cli.config.Settings;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.reasoning.Inference;
import org.wenjin.knowledge.store.SparqlEndpointStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which graph a {@code kg} command works on: the data directory's own (TDB2 in {@code DATA/graph}, with the
 * user's rules in {@code DATA/graph/inference.rules}), or a remote SPARQL 1.1 server's.
 */
final class GraphOptions {
    @Mixin
    SettingsOptions settings;

    @Option(names = "--sparql", paramLabel = "URL",
            description = "Keep the graph on a SPARQL 1.1 server instead: its query URL, or a dataset URL that takes both (Fuseki: http://host:3030/ds).")
    String sparql;

    @Option(names = "--sparql-update", paramLabel = "URL",
            description = "The server's update URL, when it is not the --sparql URL (Fuseki: http://host:3030/ds/update).")
    String sparqlUpdate;

    Settings resolve() {
        return settings.resolve(null, null, null);
    }

    KnowledgeGraph open(Settings resolved) {
        if (sparql == null) {
            if (sparqlUpdate != null) {
                throw new IllegalArgumentException("--sparql-update needs --sparql URL (the server's query URL)");
            }
            return KnowledgeGraph.open(resolved.graphDir());
        }
        Inference rules = Inference.withRulesFrom(resolved.graphDir().resolve(KnowledgeGraph.RULES_FILE));
        return KnowledgeGraph.over(SparqlEndpointStore.connect(sparql, sparqlUpdate != null ? sparqlUpdate : sparql), rules);
    }
}
