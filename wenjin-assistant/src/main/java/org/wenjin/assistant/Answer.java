package org.wenjin.assistant;

import java.util.List;
import org.wenjin.model.FinishReason;

/**
 * The assistant's reply to one question, with the sources it cites, how it was made, why it ended and
 * how many tokens it took (zero in extractive mode, where no model ran).
 */
public record Answer(String text, AnswerMode mode, String model, List<Citation> citations, Trace trace,
                     FinishReason finishReason, int promptTokens, int completionTokens) {
    public Answer {
        citations = List.copyOf(citations);
    }
}
