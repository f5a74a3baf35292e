package org.wenjin.model;

import java.util.Locale;

/** Why generation stopped, named as in the OpenAI chat completion format. */
public enum FinishReason {
    /** The model ended its turn or a stop string was met. */
    STOP,
    /** The token limit (max tokens or the context) was reached. */
    LENGTH,
    /** The caller cancelled. */
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
