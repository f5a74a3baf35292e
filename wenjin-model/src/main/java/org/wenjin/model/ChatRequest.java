package org.wenjin.model;

import java.util.List;

/** A conversation to continue and how to sample the continuation. */
public record ChatRequest(List<ChatMessage> messages, GenerationOptions options) {
    public ChatRequest {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        messages = List.copyOf(messages);
        options = options == null ? GenerationOptions.DEFAULTS : options;
    }
}
