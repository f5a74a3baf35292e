package org.wenjin.assistant.plan;

import java.util.List;

/** The steps chosen for one turn, with the reason for each choice as a person would read it. */
public record Plan(List<Step> steps, List<String> reasons) {
    public Plan {
        steps = List.copyOf(steps);
        reasons = List.copyOf(reasons);
    }

    public boolean has(Step step) {
        return steps.contains(step);
    }

    /** The plan as the trace shows it: one line per step. */
    public List<String> describe() {
        return steps.stream().map(Step::description).toList();
    }
}
