package org.wenjin.retrieval.document;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Which parser reads which file, by file-name extension. */
public final class DocumentFormats {

    /** What Tika reads for us (see {@link TikaParser}); the text formats have parsers of their own. */
    private static final List<String> THROUGH_TIKA = List.of(
            "pdf",
            "docx", "docm", "dotx", "doc", "dot",
            "pptx", "pptm", "ppsx", "ppt", "pps",
            "xlsx", "xlsm", "xls",
            "odt", "ods", "odp", "ott",
            "epub", "rtf", "msg", "wpd", "csv", "tsv");

    private static final Map<String, DocumentParser> BY_EXTENSION = byExtension();

    private DocumentFormats() {
    }

    private static Map<String, DocumentParser> byExtension() {
        Map<String, DocumentParser> parsers = new HashMap<>();
        parsers.put("txt", new PlainTextParser());
        parsers.put("text", new PlainTextParser());
        parsers.put("md", new MarkdownParser());
        parsers.put("markdown", new MarkdownParser());
        parsers.put("html", new HtmlParser());
        parsers.put("htm", new HtmlParser());
        parsers.put("xhtml", new HtmlParser());
        for (String extension : THROUGH_TIKA) {
            parsers.put(extension, new TikaParser(extension));
        }
        return Map.copyOf(parsers);
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
