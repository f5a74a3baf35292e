package org.wenjin.assistant.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One thing the assistant decides to do for a turn, in the order it does them. */
public enum Step {
    CLARIFY("ask which entity a shared name means"),
    LOOK_UP_GRAPH("look up the knowledge graph"),
    SEARCH_DOCUMENTS("search the documents"),
    ANSWER_FROM_GRAPH("answer directly from graph facts"),
    GENERATE_ANSWER("write the answer with the model"),
    EXTRACT_ANSWER("assemble the answer from the best sentences"),
    SPEAK("read the answer aloud as speech"),
    POSTER("lay the answer out as a poster"),
    VIDEO("make a narrated video of the answer");

    private final String description;

    Step(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The step's name in a model's plan ({@code look_up_graph}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the step writes the reply; a plan has exactly one. */
    public boolean answers() {
        return this == CLARIFY || this == ANSWER_FROM_GRAPH || this == GENERATE_ANSWER || this == EXTRACT_ANSWER;
    }

    /**
     * The media steps of a plan as its trace shows it ({@link Plan#describe()}, one description per step), in
     * order: what a client should produce from the answer once it is written.
     */
    public static List<Step> mediaOf(List<String> describedPlan) {
        List<Step> media = new ArrayList<>();
        for (Step step : values()) {
            if (step.producesMedia() && describedPlan.contains(step.description())) {
                media.add(step);
            }
        }
        return media;
    }

    /** Whether the step turns the written answer into media, after it is written. */
    public boolean producesMedia() {
        return this == SPEAK || this == POSTER || this == VIDEO;
    }
}
