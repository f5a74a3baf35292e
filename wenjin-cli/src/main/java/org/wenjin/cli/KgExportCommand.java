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
import org.wenjin.knowledge.importing.Syntax;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wenjin kg export -o FILE [--format ttl|nt|jsonld|csv|tsv]}: every asserted statement, once each, sorted. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write every asserted statement (inferred ones are derived again on import) to a file.")
final class KgExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "ttl, nt, jsonld, csv or tsv (default: from the file's extension).")
    String format;

    @Override
    public Integer call() {
        Syntax syntax = syntax();
        PrintWriter out = spec.commandLine().getOut();
        try (KnowledgeGraph kg = graph.open(graph.resolve()); OutputStream file = Files.newOutputStream(output)) {
            long written = kg.export(file, syntax);
            out.printf(Locale.ROOT, "Wrote %d statements to %s.%n", written, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private Syntax syntax() {
        if (format == null) {
            return Syntax.of(output).orElseThrow(() -> new IllegalArgumentException("cannot tell the format from '"
                    + output.getFileName() + "'; give --format ttl, nt, jsonld, csv or tsv"));
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "ttl", "turtle" -> Syntax.TURTLE;
            case "nt", "ntriples", "n-triples" -> Syntax.N_TRIPLES;
            case "jsonld", "json-ld" -> Syntax.JSON_LD;
            case "csv" -> Syntax.CSV;
            case "tsv" -> Syntax.TSV;
            default -> throw new IllegalArgumentException("unknown format '" + format + "'; give ttl, nt, jsonld, csv or tsv");
        };
    }
}
