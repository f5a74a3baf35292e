package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.wenjin.cli.config.Settings;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.IngestReport;
import org.wenjin.retrieval.SkippedFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin ingest PATH...}: files and folders into the data directory's document index. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Add files and folders (recursively) to the document index: text, Markdown, HTML, PDF, "
                + "Word, PowerPoint, Excel, OpenDocument, EPUB and RTF.",
                "Unchanged files are passed over, changed ones replaced; a file that cannot be read is reported "
                        + "and the rest continue. Progress goes to standard error."})
final class IngestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions options;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files and folders to ingest.")
    List<Path> paths;

    @Option(names = "--json", description = "Print {\"files\", \"chunks\", \"skipped\": [{\"path\", \"reason\"}]} instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = options.resolve(null, null, null);
        IngestReport report;
        try (DocumentIndex index = DocumentIndex.open(settings.indexDir())) {
            IngestProgress progress = new IngestProgress(err);
            report = index.ingest(paths, progress);
            progress.finish();
        }
        if (json) {
            out.println(toJson(report));
        } else {
            out.printf("Indexed %d %s (%d chunks) into %s.%n", report.files(), report.files() == 1 ? "file" : "files",
                    report.chunks(), settings.indexDir());
            if (!report.skipped().isEmpty()) {
                out.println("Skipped " + report.skipped().size() + ":");
                for (SkippedFile skipped : report.skipped()) {
                    out.println("  " + skipped.path() + ": " + skipped.reason());
                }
            }
        }
        out.flush();
        return 0;
    }

    static String toJson(IngestReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("files", report.files());
        root.put("chunks", report.chunks());
        ArrayNode skipped = root.putArray("skipped");
        for (SkippedFile file : report.skipped()) {
            skipped.addObject().put("path", file.path()).put("reason", file.reason());
        }
        return root.toString();
    }
}
