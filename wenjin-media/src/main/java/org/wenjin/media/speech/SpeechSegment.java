package org.wenjin.media.speech;

/** A run of text read with one voice; {@code sentenceEnd} marks the last segment of a sentence. */
public record SpeechSegment(String text, Voice voice, boolean sentenceEnd) {
    public SpeechSegment {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a speech segment needs text");
        }
    }
}
