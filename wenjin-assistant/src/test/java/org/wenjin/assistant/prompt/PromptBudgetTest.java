package org.wenjin.assistant.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBudgetTest {
    @Test
    void takesPiecesWhileTheyFitAndStopsAtTheFirstThatDoesNot() {
        PromptBudget budget = new PromptBudget(10, String::length);

        List<String> taken = budget.takeWhileFits(List.of("aaaa", "bbb", "cccc", "d"), s -> s);

        assertThat(taken).containsExactly("aaaa", "bbb");
        assertThat(budget.remaining()).isEqualTo(3);
    }

    @Test
    void refusesAPieceLargerThanWhatRemains() {
        PromptBudget budget = new PromptBudget(5, String::length);

        assertThat(budget.take("123456")).isFalse();
        assertThat(budget.take("12345")).isTrue();
        assertThat(budget.remaining()).isZero();
    }
}
