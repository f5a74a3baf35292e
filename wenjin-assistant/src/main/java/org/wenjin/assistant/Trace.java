package org.wenjin.assistant;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything that went into one answer, in the order the pipeline made it: the question as asked and as
 * rewritten, the plan, the entities, facts, passages and memories used, the final prompt, the model, notes
 * on choices made along the way, how the prompt's token budget was spent (one line per part, in priority
 * order; empty when no prompt was built) and how long each step took (milliseconds, in pipeline order).
 */
public record Trace(
        String id,
        Instant createdAt,
        String question,
        String rewrittenQuestion,
        List<String> plan,
        List<String> entities,
        List<Citation> facts,
        List<Citation> passages,
        List<String> memories,
        String prompt,
        String model,
        AnswerMode mode,
        List<String> notes,
        List<String> budget,
        Map<String, Long> timingsMillis) {
}
