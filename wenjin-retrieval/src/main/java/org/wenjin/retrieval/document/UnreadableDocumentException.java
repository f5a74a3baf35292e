package org.wenjin.retrieval.document;

/** A file's bytes are not a document this module can read; the message says why and where. */
public final class UnreadableDocumentException extends Exception {

    public UnreadableDocumentException(String reason) {
        super(reason);
    }
}
