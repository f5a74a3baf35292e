package org.wenjin.store;

import java.time.Instant;

/**
 * What a person said about one answer. {@code rating} is null when they only commented or wrote a better
 * answer. {@code betterAnswer} is their preferred response; together with {@code prompt} (the full prompt
 * the model saw) and {@code model} it makes a preference pair for later training.
 */
public record Feedback(String id, String messageId, Rating rating, String comment, String betterAnswer,
                       String prompt, String model, Instant createdAt) {
}
