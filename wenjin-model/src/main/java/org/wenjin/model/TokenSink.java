package org.wenjin.model;

/**
 * Receives a reply as it is generated. Each call carries whole UTF-8 characters (never half of one),
 * so a sink can forward the text straight to a stream.
 */
@FunctionalInterface
public interface TokenSink {
    TokenSink NONE = text -> { };

    void accept(String text);
}
