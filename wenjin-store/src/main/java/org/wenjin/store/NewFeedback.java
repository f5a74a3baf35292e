package org.wenjin.store;

import java.util.Objects;

/** Feedback about to be saved; the store gives it an id and a time. */
public record NewFeedback(String messageId, Rating rating, String comment, String betterAnswer, String prompt,
                          String model) {
    public NewFeedback {
        Objects.requireNonNull(messageId, "messageId");
        if (rating == null && isBlank(comment) && isBlank(betterAnswer)) {
            throw new IllegalArgumentException("feedback needs a rating, a comment or a better answer");
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
