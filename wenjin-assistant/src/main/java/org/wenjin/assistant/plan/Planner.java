package org.wenjin.assistant.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides per turn what to do, by rules: consult the graph when the question names entities it knows,
 * always search the documents, and answer from the graph alone only when there is no model and the
 * graph holds a direct answer (a model writes better prose from the same facts).
 */
public final class Planner {

    /**
     * @param linkedEntities how many entities of the graph the question mentions
     * @param directAnswerAvailable whether the graph answers the question outright
     * @param modelAvailable whether a generative model is configured
     */
    public Plan plan(int linkedEntities, boolean directAnswerAvailable, boolean modelAvailable) {
        List<Step> steps = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (linkedEntities > 0) {
            steps.add(Step.LOOK_UP_GRAPH);
            reasons.add("the question mentions " + linkedEntities + " known entit" + (linkedEntities == 1 ? "y" : "ies"));
        }
        if (modelAvailable) {
            steps.add(Step.SEARCH_DOCUMENTS);
            steps.add(Step.GENERATE_ANSWER);
            reasons.add("a generative model is configured");
        } else if (directAnswerAvailable) {
            steps.add(Step.ANSWER_FROM_GRAPH);
            reasons.add("the graph answers the question directly and no model is configured");
        } else {
            steps.add(Step.SEARCH_DOCUMENTS);
            steps.add(Step.EXTRACT_ANSWER);
            reasons.add("no generative model is configured");
        }
        return new Plan(steps, reasons);
    }
}
