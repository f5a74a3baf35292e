package org.wenjin.retrieval.document;

/**
 * Turns a file's bytes into a {@link ParsedDocument}. One implementation per file format; a new format
 * (PDF or Office files through Apache Tika) is one more implementation registered in
 * {@link DocumentFormats}.
 */
public interface DocumentParser {

    /**
     * @param content the whole file
     * @param fallbackTitle the title to use when the document names none (the file name without extension)
     */
    ParsedDocument parse(byte[] content, String fallbackTitle) throws UnreadableDocumentException;
}
