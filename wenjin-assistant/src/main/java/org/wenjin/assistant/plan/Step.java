package org.wenjin.assistant.plan;

/** One thing the assistant decides to do for a turn, in the order it does them. */
public enum Step {
    CLARIFY("ask which entity a shared name means"),
    LOOK_UP_GRAPH("look up the knowledge graph"),
    SEARCH_DOCUMENTS("search the documents"),
    ANSWER_FROM_GRAPH("answer directly from graph facts"),
    GENERATE_ANSWER("write the answer with the model"),
    EXTRACT_ANSWER("assemble the answer from the best sentences");

    private final String description;

    Step(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
