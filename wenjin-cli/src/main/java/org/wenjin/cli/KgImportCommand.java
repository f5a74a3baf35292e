package org.wenjin.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.knowledge.ImportProgress;
import org.wenjin.knowledge.ImportReport;
import org.wenjin.knowledge.KnowledgeGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wenjin kg import FILE...}: statements from files, all in one transaction, with a progress bar. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import Turtle (.ttl), N-Triples (.nt), JSON-LD (.jsonld), CSV or TSV files in one transaction. "
                + "A file replaces what a file of the same name imported before; a malformed file imports nothing.")
final class KgImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The files to import.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, "Reading");
        long start = System.nanoTime();
        try (KnowledgeGraph kg = graph.open(graph.resolve())) {
            List<ImportReport> reports = kg.importFiles(files, progress -> {
                if (progress.phase() == ImportProgress.Phase.DONE) {
                    return;
                }
                if (progress.phase() == ImportProgress.Phase.COMMITTING) {
                    bar.finish();
                    err.println("Storing and reasoning...");
                    err.flush();
                    return;
                }
                double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
                bar.update(progress.done(), progress.total(), progress.done() / seconds);
            });
            for (ImportReport report : reports) {
                out.printf(Locale.ROOT, "%s: %d statements%n", report.source(), report.triples());
            }
            int sources = kg.sources().size();
            out.printf(Locale.ROOT, "The graph has %d statements and %d inferred from them, from %d source%s (%.1f s).%n",
                    kg.tripleCount(), kg.inferredCount(), sources, sources == 1 ? "" : "s", (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
