package org.wenjin.assistant.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.wenjin.assistant.text.QueryTerms;

/**
 * Chooses which memories go into a turn's prompt: every preference (they apply to any answer), and the
 * facts that share terms with the question, up to a limit, in the order they are given (most recent first).
 */
public final class MemoryRecall {
    private static final int MAX_FACTS = 5;

    public List<UserMemory> recall(String question, List<UserMemory> memories) {
        Set<String> terms = QueryTerms.of(question);
        List<UserMemory> recalled = new ArrayList<>();
        int facts = 0;
        for (UserMemory memory : memories) {
            if (memory.isPreference()) {
                recalled.add(memory);
            } else if (facts < MAX_FACTS && QueryTerms.of(memory.text()).stream().anyMatch(terms::contains)) {
                recalled.add(memory);
                facts++;
            }
        }
        return recalled;
    }
}
