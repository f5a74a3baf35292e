package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.knowledge.EntityMention;
import org.wenjin.knowledge.KnowledgeGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wenjin kg link "text"}: the entities a text names, with their spans and scores. */
@Command(name = "link", mixinStandardHelpOptions = true, description = "Find the graph's entities in a text (Chinese or English).")
final class KgLinkCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Parameters(paramLabel = "TEXT", description = "The text.")
    String text;

    @Option(names = "--json", description = "Print {\"links\":[{\"text\",\"start\",\"end\",\"entity\",\"label\",\"score\"}]}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeGraph kg = graph.open(graph.resolve())) {
            List<EntityMention> links = kg.link(text);
            if (json) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode array = root.putArray("links");
                for (EntityMention link : links) {
                    array.addObject().put("text", text.substring(link.start(), link.end())).put("start", link.start())
                            .put("end", link.end()).put("entity", link.entity()).put("label", link.label())
                            .put("score", link.score());
                }
                out.println(root);
            } else {
                for (EntityMention link : links) {
                    out.printf(Locale.ROOT, "%s [%d,%d) %s %s %.3f%n", text.substring(link.start(), link.end()),
                            link.start(), link.end(), link.label(), link.entity(), link.score());
                }
            }
        }
        return 0;
    }
}
