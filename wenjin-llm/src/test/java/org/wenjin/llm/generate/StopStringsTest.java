package org.wenjin.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {

    @Test
    void textThatCannotStartAStopStringIsReleasedAtOnce() {
        StopStrings stops = new StopStrings(List.of("<|end|>"));
        assertThat(stops.append("Hello")).isEqualTo("Hello");
        assertThat(stops.append(", world")).isEqualTo(", world");
        assertThat(stops.isStopped()).isFalse();
    }

    @Test
    void aPossibleStartOfAStopStringIsHeldBackUntilLaterTextRulesItOut() {
        StopStrings stops = new StopStrings(List.of("\nUser:"));
        assertThat(stops.append("Sure.\nUs")).isEqualTo("Sure.");
        assertThat(stops.append("ually")).isEqualTo("\nUsually");
    }

    @Test
    void aStopStringSplitOverSeveralPiecesIsFoundAndNothingOfItIsReleased() {
        StopStrings stops = new StopStrings(List.of("\nUser:"));
        assertThat(stops.append("Done.\n")).isEqualTo("Done.");
        assertThat(stops.append("Us")).isEmpty();
        assertThat(stops.append("er: next question")).isEmpty();
        assertThat(stops.isStopped()).isTrue();
        assertThat(stops.matched()).isEqualTo("\nUser:");
        assertThat(stops.flush()).isEmpty();
        assertThat(stops.append("more")).isEmpty();
    }

    @Test
    void textBeforeAStopStringInsideOnePieceIsReleased() {
        StopStrings stops = new StopStrings(List.of("###"));
        assertThat(stops.append("answer: 42### trailing")).isEqualTo("answer: 42");
        assertThat(stops.matched()).isEqualTo("###");
    }

    @Test
    void theEarliestOfSeveralStopStringsWins() {
        StopStrings stops = new StopStrings(List.of("END", "."));
        assertThat(stops.append("One. Two END")).isEqualTo("One");
        assertThat(stops.matched()).isEqualTo(".");
    }

    @Test
    void heldBackTextIsReturnedByFlushWhenTheStreamEndsWithoutAStop() {
        StopStrings stops = new StopStrings(List.of("</answer>"));
        assertThat(stops.append("x </ans")).isEqualTo("x ");
        assertThat(stops.flush()).isEqualTo("</ans");
    }

    @Test
    void withoutStopStringsEverythingPassesThrough() {
        StopStrings stops = new StopStrings(List.of());
        assertThat(stops.append("abc")).isEqualTo("abc");
        assertThat(stops.flush()).isEmpty();
    }

    @Test
    void emptyStopStringsAreRejected() {
        assertThatThrownBy(() -> new StopStrings(List.of("ok", ""))).hasMessageContaining("must not be empty");
    }
}
