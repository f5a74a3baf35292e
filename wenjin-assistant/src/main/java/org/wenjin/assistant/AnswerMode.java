package org.wenjin.assistant;

import java.util.Locale;

/** How an answer was made: written by a generative model, or assembled from the knowledge base. */
public enum AnswerMode {
    GENERATIVE, EXTRACTIVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
