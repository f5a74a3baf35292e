package org.wenjin.knowledge.extraction;

/**
 * How to extract.
 *
 * @param passageChars the longest passage sent to the model at once, in chars
 * @param maxReplyTokens the longest reply asked of the model
 */
public record ExtractionOptions(int passageChars, int maxReplyTokens) {
    public static final ExtractionOptions DEFAULTS = new ExtractionOptions(1500, 1024);

    public ExtractionOptions {
        if (passageChars < 100) {
            throw new IllegalArgumentException("passageChars must be at least 100, was " + passageChars);
        }
        if (maxReplyTokens < 1) {
            throw new IllegalArgumentException("maxReplyTokens must be positive, was " + maxReplyTokens);
        }
    }
}
