package org.wenjin.retrieval.document;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Which parser reads which file, by file-name extension. */
public final class DocumentFormats {

    private static final Map<String, DocumentParser> BY_EXTENSION = Map.of(
            "txt", new PlainTextParser(),
            "text", new PlainTextParser(),
            "md", new MarkdownParser(),
            "markdown", new MarkdownParser(),
            "html", new HtmlParser(),
            "htm", new HtmlParser());

    private DocumentFormats() {
    }

    public static Optional<DocumentParser> forFileName(String fileName) {
        return Optional.ofNullable(BY_EXTENSION.get(extension(fileName)));
    }

    /** The extensions that can be ingested, for messages. */
    public static Set<String> extensions() {
        return new TreeSet<>(BY_EXTENSION.keySet());
    }

    /** Lower-case extension without the dot, or "" when the name has none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** "notes.md" becomes "notes". */
    public static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? fileName : fileName.substring(0, dot);
    }
}
