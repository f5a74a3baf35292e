package org.wenjin.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.wenjin.knowledge.KnowledgeGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wenjin kg stats}: how big the graph is, where its statements come from, and which rules it runs. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Statements, sources and inference rules of the graph.")
final class KgStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeGraph kg = graph.open(graph.resolve())) {
            out.println("statements: " + kg.tripleCount());
            out.println("inferred:   " + kg.inferredCount());
            out.println("sources:    " + kg.sources().size());
            kg.sources().forEach(source -> out.println("  " + source));
            out.println("rules:      " + String.join(", ", kg.ruleNames()));
        }
        return 0;
    }
}
