package org.wenjin.assistant.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wenjin.assistant.clarify.Ambiguity;
import org.wenjin.assistant.clarify.Sense;

class PlannerTest {
    private final Planner planner = new Planner();

    private static Situation situation(int linked, boolean direct, boolean model) {
        return new Situation("question", java.util.Collections.nCopies(linked, "entity"), direct, model, Optional.empty());
    }

    @Test
    void withAModelItSearchesAndGeneratesAndConsultsTheGraphWhenEntitiesAreNamed() {
        Plan plan = planner.plan(situation(2, true, true));

        assertThat(plan.steps()).containsExactly(Step.LOOK_UP_GRAPH, Step.SEARCH_DOCUMENTS, Step.GENERATE_ANSWER);
    }

    @Test
    void withoutAModelADirectGraphAnswerNeedsNoDocumentSearch() {
        Plan plan = planner.plan(situation(1, true, false));

        assertThat(plan.steps()).containsExactly(Step.LOOK_UP_GRAPH, Step.ANSWER_FROM_GRAPH);
        assertThat(plan.reasons()).anySatisfy(reason -> assertThat(reason).contains("no model"));
    }

    @Test
    void withoutAModelOrKnownEntitiesItExtractsFromDocuments() {
        Plan plan = planner.plan(situation(0, false, false));

        assertThat(plan.steps()).containsExactly(Step.SEARCH_DOCUMENTS, Step.EXTRACT_ANSWER);
        assertThat(plan.describe()).containsExactly("search the documents", "assemble the answer from the best sentences");
    }

    @Test
    void aNameSeveralEntitiesShareIsClarifiedBeforeAnythingIsLookedUp() {
        Ambiguity ambiguity = new Ambiguity("Li Na", 10, 15, List.of(
                new Sense("urn:a", "Li Na", "tennis player", ""), new Sense("urn:b", "Li Na", "singer", "")));

        Plan plan = planner.plan(new Situation("Where was Li Na born?", List.of("Li Na"), true, true, Optional.of(ambiguity)));

        assertThat(plan.steps()).containsExactly(Step.CLARIFY);
        assertThat(plan.reasons()).singleElement().asString().contains("'Li Na' names 2 entities");
    }

    @Test
    void aRequestForSpeechAPosterOrAVideoAddsThatStepAfterTheAnswer() {
        Plan speech = planner.plan(new Situation("请朗读文心一言的介绍", List.of("文心一言"), false, true, Optional.empty()));
        Plan poster = planner.plan(new Situation("Make a poster about BERT", List.of("BERT"), false, false, Optional.empty()));

        assertThat(speech.steps()).endsWith(Step.GENERATE_ANSWER, Step.SPEAK);
        assertThat(poster.steps()).endsWith(Step.EXTRACT_ANSWER, Step.POSTER);
    }
}
