package org.wenjin.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wenjin kg ...}: the knowledge graph of a data directory (or of a SPARQL endpoint). */
@Command(name = "kg", mixinStandardHelpOptions = true,
        description = "Import, export, query and inspect the knowledge graph; make training data from it; extract it from documents.",
        subcommands = {
                KgImportCommand.class,
                KgExportCommand.class,
                KgStatsCommand.class,
                KgQueryCommand.class,
                KgLinkCommand.class,
                KgFactsCommand.class,
                KgToSftCommand.class,
                KgExtractCommand.class
        })
final class KgCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
