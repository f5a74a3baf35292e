package org.wenjin.assistant;

import java.util.List;

/** The assistant's reply to one question, with the sources it cites and how it was made. */
public record Answer(String text, AnswerMode mode, String model, List<Citation> citations, Trace trace) {
    public Answer {
        citations = List.copyOf(citations);
    }
}
