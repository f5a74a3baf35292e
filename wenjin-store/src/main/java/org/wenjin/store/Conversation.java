package org.wenjin.store;

import java.time.Instant;

/** A conversation: a titled sequence of messages. {@code updatedAt} moves forward with every new message. */
public record Conversation(String id, String title, Instant createdAt, Instant updatedAt) {
    public Conversation withUpdatedAt(Instant time) {
        return new Conversation(id, title, createdAt, time);
    }
}
