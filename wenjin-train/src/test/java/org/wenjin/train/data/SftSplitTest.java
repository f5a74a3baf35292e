package org.wenjin.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Held-out examples and the order of each epoch follow from the seed alone. */
class SftSplitTest {

    private static EncodedExample example(int id) {
        return new EncodedExample(new int[] {1, id}, new boolean[] {false, true}, "line " + id);
    }

    private static List<EncodedExample> examples(int count) {
        List<EncodedExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(example(100 + i));
        }
        return examples;
    }

    @Test
    void theSameSeedHoldsOutTheSameExamplesAndAnotherSeedOthers() {
        List<EncodedExample> data = examples(200);

        SftSplit first = SftSplit.of(data, 0.05, 42);
        SftSplit again = SftSplit.of(data, 0.05, 42);
        SftSplit other = SftSplit.of(data, 0.05, 43);

        assertThat(first.heldOut()).hasSize(10).isEqualTo(again.heldOut());
        assertThat(first.train()).hasSize(190).isEqualTo(again.train());
        assertThat(other.heldOut()).hasSize(10).isNotEqualTo(first.heldOut());
        assertThat(new HashSet<>(first.train())).doesNotContainAnyElementsOf(first.heldOut());
        assertThat(first.train()).as("training examples keep the file order").isSortedAccordingTo(
                (a, b) -> Integer.compare(a.tokens()[1], b.tokens()[1]));
    }

    @Test
    void atLeastOneExampleIsHeldOutOfTwoOrMoreAndNoneOfOne() {
        assertThat(SftSplit.of(examples(1), 0.05, 1).heldOut()).isEmpty();
        assertThat(SftSplit.of(examples(1), 0.05, 1).train()).hasSize(1);
        assertThat(SftSplit.of(examples(2), 0.05, 1).heldOut()).hasSize(1);
        assertThat(SftSplit.of(examples(2), 0.9, 1).train()).as("never all of them").hasSize(1);
        assertThat(SftSplit.of(examples(30), 0.05, 1).heldOut()).hasSize(2);
        assertThat(SftSplit.of(examples(30), 0, 1).heldOut()).isEmpty();
    }

    @Test
    void identicalExamplesAreKeptOnceAndCounted() {
        List<EncodedExample> data = new ArrayList<>(examples(10));
        data.add(new EncodedExample(new int[] {1, 103}, new boolean[] {false, true}, "a copy of line 103"));
        data.add(new EncodedExample(new int[] {1, 105}, new boolean[] {false, true}, "a copy of line 105"));

        SftSplit split = SftSplit.of(data, 0.2, 7);

        assertThat(split.duplicates()).isEqualTo(2);
        assertThat(split.train().size() + split.heldOut().size()).isEqualTo(10);
        assertThat(split.train()).extracting(EncodedExample::origin).noneMatch(o -> o.startsWith("a copy"));
    }

    @Test
    void eachEpochIsAShuffleFixedBySeedAndEpoch() {
        SftSplit split = SftSplit.of(examples(100), 0.05, 2024);
        SftSplit resumed = SftSplit.of(examples(100), 0.05, 2024);

        List<EncodedExample> epoch0 = split.epoch(0);
        List<EncodedExample> epoch1 = split.epoch(1);

        assertThat(epoch0).containsExactlyInAnyOrderElementsOf(split.train());
        assertThat(epoch0).isNotEqualTo(split.train());
        assertThat(epoch1).containsExactlyInAnyOrderElementsOf(split.train()).isNotEqualTo(epoch0);
        assertThat(resumed.epoch(1)).as("a resumed run sees the same order").isEqualTo(epoch1);
        assertThat(SftSplit.of(examples(100), 0.05, 2025).epoch(0)).isNotEqualTo(epoch0);
    }
}
