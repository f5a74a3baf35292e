package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.wenjin.cli.config.Settings;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.SourceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin sources list|remove}: what the document index holds, and taking a source out of it. */
@Command(name = "sources", mixinStandardHelpOptions = true, description = "List or remove the sources of the document index.",
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.RemoveSource.class})
final class SourcesCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every indexed source with its title and chunk count.")
    static final class ListSources implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SettingsOptions options;

        @Option(names = "--json", description = "Print {\"sources\": [{\"source\", \"title\", \"chunks\", \"modified\", \"sha256\"}]}.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Settings settings = options.resolve(null, null, null);
            List<SourceInfo> sources;
            try (DocumentIndex index = DocumentIndex.open(settings.indexDir())) {
                sources = index.sources();
            }
            if (json) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode array = root.putArray("sources");
                for (SourceInfo s : sources) {
                    array.addObject().put("source", s.source()).put("title", s.title()).put("chunks", s.chunks())
                            .put("modified", s.modified().toString()).put("sha256", s.sha256());
                }
                out.println(root);
            } else if (sources.isEmpty()) {
                out.println("The document index in " + settings.indexDir() + " is empty. Add files with: wenjin ingest PATH");
            } else {
                for (SourceInfo s : sources) {
                    out.printf("%5d chunks  %s  %s%n", s.chunks(), s.source(), s.title());
                }
                out.printf("%d sources, %d chunks%n", sources.size(), sources.stream().mapToLong(SourceInfo::chunks).sum());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a source and all its chunks from the index.")
    static final class RemoveSource implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SettingsOptions options;

        @Parameters(paramLabel = "SOURCE", description = "The source as `wenjin sources list` shows it (a relative file path works too).")
        String source;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Settings settings = options.resolve(null, null, null);
            try (DocumentIndex index = DocumentIndex.open(settings.indexDir())) {
                Optional<SourceInfo> known = index.sources().stream()
                        .filter(s -> s.source().equals(source)).findFirst();
                if (!index.removeSource(source)) {
                    err.println("error: no source " + source + " in the index; `wenjin sources list` shows what it holds");
                    return 1;
                }
                out.println("Removed " + source + known.map(s -> " (" + s.chunks() + " chunks)").orElse("") + ".");
            }
            out.flush();
            return 0;
        }
    }
}
