package org.wenjin.cli;

import org.wenjin.cli.config.Settings;
import org.wenjin.knowledge.KnowledgeGraph;
import picocli.CommandLine.Mixin;

/**
 * Which graph a {@code kg} command works on: the data directory's own (TDB2 in {@code DATA/graph}, with the
 * user's rules in {@code DATA/graph/inference.rules}), or a remote SPARQL 1.1 server's ({@code --sparql URL},
 * or the setting {@code graph-sparql}), the same one {@code serve}, {@code ask} and {@code chat} use.
 */
final class GraphOptions {
    @Mixin
    SettingsOptions settings;

    Settings resolve() {
        return settings.resolve(null, null, null);
    }

    KnowledgeGraph open(Settings resolved) {
        return Wenjin.openGraph(resolved);
    }
}
