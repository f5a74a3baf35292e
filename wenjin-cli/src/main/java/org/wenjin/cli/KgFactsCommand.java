package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.knowledge.Fact;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.RankedFact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wenjin kg facts "question"}: the facts the assistant would put in the prompt, best first. */
@Command(name = "facts", mixinStandardHelpOptions = true,
        description = "The facts that bear on a question, ranked, with inferred ones naming their rule.")
final class KgFactsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Parameters(paramLabel = "QUESTION", description = "The question.")
    String question;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "8", description = "At most this many facts (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print {\"facts\":[{\"id\",\"subject\",\"predicate\",\"object\",\"inferred\",\"rule\",\"source\",\"score\"}]}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeGraph kg = graph.open(graph.resolve())) {
            List<RankedFact> facts = kg.rankedFactsFor(question, limit, 2);
            if (json) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode array = root.putArray("facts");
                for (RankedFact ranked : facts) {
                    Fact f = ranked.fact();
                    array.addObject().put("id", f.id()).put("subject", f.subjectLabel()).put("predicate", f.predicateLabel())
                            .put("object", f.objectLabel()).put("inferred", f.inferred()).put("rule", f.rule())
                            .put("source", f.source()).put("score", ranked.score());
                }
                out.println(root);
            } else {
                for (RankedFact ranked : facts) {
                    out.printf(Locale.ROOT, "[%s] %s  (%s, %.3f)%n", ranked.fact().id(), ranked.fact().render(),
                            ranked.fact().source(), ranked.score());
                }
            }
        }
        return 0;
    }
}
