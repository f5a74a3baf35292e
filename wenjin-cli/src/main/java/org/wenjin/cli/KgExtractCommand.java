package org.wenjin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.wenjin.cli.config.Settings;
import org.wenjin.knowledge.KnowledgeGraph;
import org.wenjin.knowledge.KnowledgeImportException;
import org.wenjin.knowledge.extraction.ExtractionOptions;
import org.wenjin.knowledge.extraction.ExtractionReport;
import org.wenjin.knowledge.extraction.ExtractionSchema;
import org.wenjin.knowledge.extraction.Rejection;
import org.wenjin.model.ChatModel;
import org.wenjin.retrieval.document.Block;
import org.wenjin.retrieval.document.DocumentFormats;
import org.wenjin.retrieval.document.DocumentParser;
import org.wenjin.retrieval.document.ParsedDocument;
import org.wenjin.retrieval.document.UnreadableDocumentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wenjin kg extract PATH... [--schema schema.ttl]}: statements from documents by the configured model,
 * checked against a schema, credited to their passages, and only for passages not extracted before. Every
 * format {@code wenjin ingest} reads is accepted: plain text and Markdown are taken as they are (so their
 * passages keep their names), the others (PDF, Office, EPUB, HTML, ...) are read by the document index's
 * parsers, whose blocks become the paragraphs passages are cut from.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Extract statements from documents (every format ingest reads: txt, md, html, pdf, docx, pptx, "
                + "xlsx, epub, ...) with the configured model (--model or --openai-base-url), under a schema of allowed "
                + "classes and predicates checked with SHACL.")
final class KgExtractCommand implements Callable<Integer> {
    /** Read as UTF-8 text, unparsed, as extraction always has, so their passages keep their names. */
    private static final Set<String> AS_THEY_ARE = Set.of("txt", "md", "markdown");

    @Spec
    CommandSpec spec;

    @Mixin
    GraphOptions graph;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Documents, or folders holding them.")
    List<Path> paths;

    @Option(names = "--schema", paramLabel = "TTL",
            description = "A Turtle file of the classes and predicates to extract, and any SHACL shapes (default: the graph's own).")
    Path schemaFile;

    @Option(names = "--passage-chars", paramLabel = "N", defaultValue = "1500",
            description = "The longest passage sent to the model at once (default: ${DEFAULT-VALUE}).")
    int passageChars;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "1024",
            description = "The longest reply asked of the model per passage (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> documents = documents();
        Settings settings = graph.resolve();
        ExtractionOptions options = new ExtractionOptions(passageChars, maxTokens);
        try (ChatModel model = ModelBackends.open(settings, err)) {
            if (model == null) {
                throw new IllegalArgumentException("extraction needs a model: give --model FILE.gguf (or a pulled model's name), "
                        + "or --openai-base-url URL --openai-model NAME");
            }
            try (KnowledgeGraph kg = graph.open(settings)) {
                ExtractionSchema schema = schemaFile != null ? ExtractionSchema.read(schemaFile) : kg.schema();
                int accepted = 0;
                int refused = 0;
                for (Path document : documents) {
                    ExtractionReport report = extract(kg, document, schema, model, options);
                    out.printf(Locale.ROOT, "%s: %d passages extracted, %d unchanged, %d removed; %d statements accepted, %d refused%n",
                            report.document(), report.extracted(), report.unchanged(), report.removed(),
                            report.accepted().size(), report.rejections().size());
                    for (Rejection rejection : report.rejections()) {
                        out.println("  refused " + rejection.passage() + " " + rejection.offered() + ": " + rejection.reason());
                    }
                    accepted += report.accepted().size();
                    refused += report.rejections().size();
                }
                out.printf(Locale.ROOT, "%d statements accepted, %d refused; the graph has %d statements.%n",
                        accepted, refused, kg.tripleCount());
            }
        }
        return 0;
    }

    private static ExtractionReport extract(KnowledgeGraph kg, Path document, ExtractionSchema schema, ChatModel model,
                                            ExtractionOptions options) {
        String name = document.getFileName().toString();
        if (AS_THEY_ARE.contains(DocumentFormats.extension(name))) {
            return kg.extract(document, schema, model, options);
        }
        DocumentParser parser = DocumentFormats.forFileName(name).orElseThrow(() -> new KnowledgeImportException(name,
                "unsupported format; expected one of " + DocumentFormats.extensions(), null));
        ParsedDocument parsed;
        try {
            parsed = parser.parse(Files.readAllBytes(document), DocumentFormats.baseName(name));
        } catch (NoSuchFileException e) {
            throw new KnowledgeImportException(name, "no such file: " + document, e);
        } catch (IOException e) {
            throw new KnowledgeImportException(name, "cannot read " + document + ": " + e.getMessage(), e);
        } catch (UnreadableDocumentException e) {
            throw new KnowledgeImportException(name, e.getMessage(), e);
        }
        String text = parsed.blocks().stream().map(Block::text).filter(t -> !t.isBlank())
                .collect(Collectors.joining("\n\n"));
        return kg.extract(name, text, schema, model, options);
    }

    /** The documents named, folders walked for the files of every format that can be read, in name order. */
    private List<Path> documents() {
        List<Path> documents = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> DocumentFormats.forFileName(p.getFileName().toString()).isPresent())
                            .sorted().forEach(documents::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else {
                documents.add(path);
            }
        }
        return documents;
    }
}
