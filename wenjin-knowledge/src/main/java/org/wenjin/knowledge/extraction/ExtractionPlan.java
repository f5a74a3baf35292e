package org.wenjin.knowledge.extraction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.wenjin.knowledge.KnowledgeImportException;

/**
 * What extracting a document again has to do: only passages whose text is new are sent to the model.
 *
 * @param toExtract passages not extracted before (new, or changed since)
 * @param unchanged source names of passages extracted before and still in the document
 * @param removed source names of passages extracted before and no longer in the document: their statements go
 */
public record ExtractionPlan(String document, List<Passage> toExtract, List<String> unchanged, List<String> removed) {
    public ExtractionPlan {
        toExtract = List.copyOf(toExtract);
        unchanged = List.copyOf(unchanged);
        removed = List.copyOf(removed);
    }

    /**
     * The plan for a plain text or Markdown document (UTF-8) given the sources the graph has; see
     * {@link #of(String, String, List, ExtractionOptions)}.
     *
     * @throws KnowledgeImportException when the document cannot be read or is not a text document
     */
    public static ExtractionPlan of(Path document, List<String> sources, ExtractionOptions options) {
        String name = document.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".txt") || lower.endsWith(".md") || lower.endsWith(".markdown"))) {
            throw new KnowledgeImportException(name, "only plain text and Markdown documents are read here "
                    + "(.txt, .md, .markdown); give the text of other documents to of(name, text, ...)", null);
        }
        String text;
        try {
            text = Files.readString(document, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KnowledgeImportException(name, "no such file: " + document, e);
        } catch (IOException | UncheckedIOException e) {
            throw new KnowledgeImportException(name, "cannot read " + document + " as UTF-8 text: " + e.getMessage(), e);
        }
        return of(name, text, sources, options);
    }

    /**
     * The plan for a document's text (paragraphs separated by blank lines) given the sources the graph has: a
     * passage is new when no source bears its name, and a source named for a passage of this document that is
     * no longer in it is removed.
     *
     * @param name the document's file name, which names its passages ({@code name#hash})
     */
    public static ExtractionPlan of(String name, String text, List<String> sources, ExtractionOptions options) {
        Set<String> before = new HashSet<>();
        for (String source : sources) {
            if (source.startsWith(name + "#")) {
                before.add(source);
            }
        }
        List<Passage> toExtract = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Set<String> current = new HashSet<>();
        for (Passage passage : Passages.of(name, text, options.passageChars())) {
            if (!current.add(passage.source())) {
                continue;  // the same passage twice in one document says nothing new
            }
            if (before.contains(passage.source())) {
                unchanged.add(passage.source());
            } else {
                toExtract.add(passage);
            }
        }
        List<String> removed = before.stream().filter(s -> !current.contains(s)).sorted().toList();
        return new ExtractionPlan(name, toExtract, unchanged, removed);
    }
}
