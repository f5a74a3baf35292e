package org.wenjin.store;

import java.time.Instant;

/**
 * One message of a conversation as stored. {@code role} is {@code user}, {@code assistant} or
 * {@code system}; {@code mode}, {@code model}, {@code traceId} and {@code citationsJson} are set on
 * assistant answers and null otherwise.
 */
public record StoredMessage(String id, String conversationId, String role, String content, String mode,
                            String model, String traceId, String citationsJson, Instant createdAt) {
}
