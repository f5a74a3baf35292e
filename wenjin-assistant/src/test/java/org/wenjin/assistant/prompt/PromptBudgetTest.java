package org.wenjin.assistant.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBudgetTest {
    @Test
    void anOfferedPartTakesItsItemsInOrderUntilOneDoesNotFitAndRecordsTheDecision() {
        PromptBudget budget = new PromptBudget(10, String::length);

        List<String> taken = budget.offer("passages", List.of("aaaa", "bbb", "cccc", "d"), String::length, 10);

        assertThat(taken).containsExactly("aaaa", "bbb");
        assertThat(budget.remaining()).isEqualTo(3);
        assertThat(budget.decisions()).singleElement()
                .extracting(PromptBudget.Decision::describe).isEqualTo("passages: 2 of 4 kept, 7 tokens (limit 10)");
    }

    @Test
    void aPartStaysUnderItsOwnLimitAndLeavesTheRestToTheNextPart() {
        PromptBudget budget = new PromptBudget(20, String::length);

        List<String> facts = budget.offer("facts", List.of("aaaa", "bbbb", "cccc"), String::length, 9);
        List<String> history = budget.offer("history", List.of("dddd", "eeee", "ffff"), String::length, 20);

        assertThat(facts).containsExactly("aaaa", "bbbb");
        assertThat(history).containsExactly("dddd", "eeee", "ffff");
        assertThat(budget.used()).isEqualTo(20);
    }

    @Test
    void aRequiredPartThatDoesNotFitIsRefusedAndCostsNothing() {
        PromptBudget budget = new PromptBudget(5, String::length);

        assertThat(budget.require("question", 6)).isFalse();
        assertThat(budget.require("instruction", 5)).isTrue();
        assertThat(budget.remaining()).isZero();
    }
}
