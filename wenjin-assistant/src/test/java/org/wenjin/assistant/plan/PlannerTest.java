package org.wenjin.assistant.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlannerTest {
    private final Planner planner = new Planner();

    @Test
    void withAModelItSearchesAndGeneratesAndConsultsTheGraphWhenEntitiesAreNamed() {
        Plan plan = planner.plan(2, true, true);

        assertThat(plan.steps()).containsExactly(Step.LOOK_UP_GRAPH, Step.SEARCH_DOCUMENTS, Step.GENERATE_ANSWER);
    }

    @Test
    void withoutAModelADirectGraphAnswerNeedsNoDocumentSearch() {
        Plan plan = planner.plan(1, true, false);

        assertThat(plan.steps()).containsExactly(Step.LOOK_UP_GRAPH, Step.ANSWER_FROM_GRAPH);
        assertThat(plan.reasons()).anySatisfy(reason -> assertThat(reason).contains("no model"));
    }

    @Test
    void withoutAModelOrKnownEntitiesItExtractsFromDocuments() {
        Plan plan = planner.plan(0, false, false);

        assertThat(plan.steps()).containsExactly(Step.SEARCH_DOCUMENTS, Step.EXTRACT_ANSWER);
        assertThat(plan.describe()).containsExactly("search the documents", "assemble the answer from the best sentences");
    }
}
