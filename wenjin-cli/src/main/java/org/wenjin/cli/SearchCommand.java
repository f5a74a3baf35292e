package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.cli.config.Settings;
import org.wenjin.retrieval.DocumentIndex;
import org.wenjin.retrieval.Passage;
import org.wenjin.retrieval.SearchMode;
import org.wenjin.retrieval.SearchRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin search "query"}: the passages of the document index that best match, with their sources. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the document index and print the best passages with their sources.")
final class SearchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of a passage to judge it at a glance; --json prints it whole. */
    private static final int SHOWN_CHARACTERS = 240;

    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions options;

    @Parameters(paramLabel = "QUERY", description = "What to look for, in Chinese, English or both.")
    String query;

    @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "5", description = "How many passages (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "hybrid (words and meaning, the default), bm25 (words) or vector (meaning).")
    SearchMode mode;

    @Option(names = "--source", paramLabel = "PREFIX", description = "Only sources that start with PREFIX (a folder, or demo:).")
    String sourcePrefix;

    @Option(names = "--title", paramLabel = "TITLE", description = "Only documents with exactly this title (ignoring case).")
    String title;

    @Option(names = "--diversity", paramLabel = "D", defaultValue = "0",
            description = "0 (default) ranks by relevance; up to 0.9 trades relevance for variety (maximal marginal relevance).")
    double diversity;

    @Option(names = "--json", description = "Print {\"results\": [{\"source\", \"title\", \"section\", \"chunk_id\", \"score\", \"text\"}]}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = options.resolve(null, null, null);
        List<Passage> results;
        try (DocumentIndex index = DocumentIndex.open(settings.indexDir())) {
            results = index.search(new SearchRequest(query, k, mode, sourcePrefix, title, diversity));
        }
        if (json) {
            out.println(toJson(results));
        } else if (results.isEmpty()) {
            out.println("No passages match.");
        } else {
            for (int i = 0; i < results.size(); i++) {
                Passage p = results.get(i);
                String where = p.section().isEmpty() ? p.title() : p.title() + " › " + p.section();
                out.printf(Locale.ROOT, "[%d] %s  (%.3f)%n    %s%n    %s%n", i + 1, where, p.score(), p.source(),
                        shorten(p.text()));
            }
        }
        out.flush();
        return 0;
    }

    static String toJson(List<Passage> results) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("results");
        for (Passage p : results) {
            array.addObject().put("source", p.source()).put("title", p.title()).put("section", p.section())
                    .put("chunk_id", p.chunkId()).put("score", p.score()).put("text", p.text());
        }
        return root.toString();
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= SHOWN_CHARACTERS ? line : line.substring(0, SHOWN_CHARACTERS) + "…";
    }

    /** Accepts the mode names in any case, with a message that lists them. */
    static final class ModeConverter implements ITypeConverter<SearchMode> {
        @Override
        public SearchMode convert(String value) {
            return SearchMode.parse(value);
        }
    }
}
