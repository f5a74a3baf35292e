package org.wenjin.store;

import java.time.Instant;

/**
 * Something Wenjin remembers about a user across conversations.
 *
 * @param kind {@code fact} (about the user: "works in a county hospital's paediatrics department") or
 *             {@code preference} (how to answer: "answer in English")
 * @param sourceMessageId the user message it was taken from, or null when the user added it by hand
 */
public record Memory(String id, String userId, String kind, String text, String sourceMessageId, Instant createdAt,
                     Instant updatedAt) {
}
