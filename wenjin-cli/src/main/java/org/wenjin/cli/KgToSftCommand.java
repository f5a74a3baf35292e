package org.wenjin.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.training.TrainingOptions;
import org.wenjin.knowledge.training.TrainingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wenjin kg to-sft -o data.jsonl}: the graph as instruction-tuning samples (OpenAI chat JSONL). */
@Command(name = "to-sft", mixinStandardHelpOptions = true,
        description = "Write instruction-tuning samples made from the graph (Chinese and English questions per predicate, "
                + "two-step paths, and questions the graph cannot answer) as OpenAI chat JSONL.")
final class KgToSftCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The .jsonl file to write.")
    Path output;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Picks wordings, paths and negative samples; the same seed writes the same file (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--questions-per-fact", paramLabel = "N", defaultValue = "1",
            description = "Differently worded questions per entity and predicate, per language (default: ${DEFAULT-VALUE}).")
    int questionsPerFact;

    @Option(names = "--negatives", paramLabel = "RATIO", defaultValue = "0.2",
            description = "Unanswerable questions per predicate an entity has (default: ${DEFAULT-VALUE}).")
    double negatives;

    @Option(names = "--paths", paramLabel = "N", defaultValue = "2",
            description = "Two-step questions per entity, per language (default: ${DEFAULT-VALUE}).")
    int paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrainingOptions options = new TrainingOptions(seed, questionsPerFact, negatives, paths);
        try (KnowledgeGraph kg = graph.open(graph.resolve()); OutputStream file = Files.newOutputStream(output)) {
            TrainingReport report = kg.writeTrainingSamples(file, options);
            out.printf(Locale.ROOT, "Wrote %d samples about %d entities to %s: %d facts, %d two-step paths, %d negatives.%n",
                    report.samples(), report.entities(), output, report.facts(), report.paths(), report.negatives());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
