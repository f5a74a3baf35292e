package org.wenjin.assistant.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.Language;
import org.wenjin.assistant.clarify.Ambiguity;
import org.wenjin.assistant.clarify.Sense;

/** The model's plan is parsed from its reply and held to the rules every plan keeps. */
class ModelPlannerTest {
    private final Situation plain = new Situation("Who developed BERT?", List.of("BERT"), true, true, Optional.empty());
    private final Situation ambiguous = new Situation("Where was Li Na born?", List.of("Li Na"), true, true,
            Optional.of(new Ambiguity("Li Na", 10, 15, List.of(new Sense("urn:a", "Li Na", "tennis player", ""),
                    new Sense("urn:b", "Li Na", "singer", "")))));

    @Test
    void aPlanInJsonIsReadEvenWithTextAroundIt() {
        Plan plan = ModelPlanner.parse("Sure. {\"steps\": [\"look_up_graph\", \"search_documents\", \"generate_answer\", \"speak\"],"
                + " \"reason\": \"the user wants to listen\"} Done.", plain);

        assertThat(plan.steps()).containsExactly(Step.LOOK_UP_GRAPH, Step.SEARCH_DOCUMENTS, Step.GENERATE_ANSWER, Step.SPEAK);
        assertThat(plan.reasons()).containsExactly("planned by the model: the user wants to listen");
    }

    @Test
    void clarifyIsAcceptedAloneAndOnlyForAnAmbiguousName() {
        assertThat(ModelPlanner.parse("{\"steps\": [\"clarify\"]}", ambiguous).steps()).containsExactly(Step.CLARIFY);
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"clarify\"]}", plain))
                .hasMessage("clarify was planned but no name is ambiguous");
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"clarify\", \"look_up_graph\"]}", ambiguous))
                .hasMessage("only media steps may follow the answering step");
    }

    @Test
    void aReplyThatBreaksTheRulesIsRejectedWithTheReason() {
        assertThatThrownBy(() -> ModelPlanner.parse("Once upon a time there was a little dog.", plain))
                .hasMessage("the reply has no JSON object");
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"look_up_graph\", \"dance\"]}", plain))
                .hasMessage("unknown step 'dance'");
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"search_documents\"]}", plain))
                .hasMessage("a plan needs exactly one answering step, this one has 0");
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"poster\", \"generate_answer\"]}", plain))
                .hasMessage("media steps must follow the answering step");
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"answer_from_graph\"]}", plain))
                .hasMessage("answer_from_graph is for when no model is configured");
        assertThatThrownBy(() -> ModelPlanner.parse("{\"steps\": [\"generate_answer\",}", plain))
                .hasMessageStartingWith("the reply's JSON does not parse");
    }

    @Test
    void theModelIsToldTheTurnInTheFormOfThePoolsExamples() {
        assertThat(ModelPlanner.describe(ambiguous, Language.ENGLISH)).isEqualTo("""
                Question: Where was Li Na born?
                Entities in the graph: Li Na
                Graph answers directly: yes
                Ambiguous names: Li Na (tennis player, singer)""");
    }
}
