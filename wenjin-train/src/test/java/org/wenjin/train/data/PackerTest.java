package org.wenjin.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing examples into training sequences without letting one example see or predict another. */
class PackerTest {
    /** Random examples replay from this seed: -Dwenjin.test.seed=N. */
    private static final long SEED = Long.getLong("wenjin.test.seed", new Random().nextLong());

    private static EncodedExample example(String origin, int[] tokens, boolean[] trained) {
        return new EncodedExample(tokens, trained, origin);
    }

    /** Tokens 1000*k + i, so every token tells its example and place; a random mask, the first token untrained. */
    private static List<EncodedExample> randomExamples(Random random, int count, int maxLength) {
        List<EncodedExample> examples = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int length = 1 + random.nextInt(maxLength);
            int[] tokens = new int[length];
            boolean[] trained = new boolean[length];
            for (int i = 0; i < length; i++) {
                tokens[i] = 1000 * k + i;
                trained[i] = i > 0 && random.nextInt(3) > 0;
            }
            examples.add(example("example " + k, tokens, trained));
        }
        return examples;
    }

    @Test
    void packsTwoShortExamplesIntoOneSequenceWithPositionsAndTargetsPerDocument() {
        EncodedExample prompted = example("a", new int[] {1, 10, 11, 12}, new boolean[] {false, false, true, true});
        EncodedExample text = example("b", new int[] {1, 20, 21}, new boolean[] {false, true, true});

        List<TrainingSequence> sequences = new Packer(8).pack(List.of(prompted, text));

        assertThat(sequences).singleElement().satisfies(s -> {
            assertThat(s.inputs()).containsExactly(1, 10, 11, 12, 1, 20, 21);
            assertThat(s.targets()).containsExactly(-1, 11, 12, -1, 20, 21, -1);
            assertThat(s.positions()).containsExactly(0, 1, 2, 3, 0, 1, 2);
            assertThat(s.documents()).containsExactly(0, 0, 0, 0, 1, 1, 1);
            assertThat(s.trainedTargets()).isEqualTo(4);
            assertThat(s.documentCount()).isEqualTo(2);
        });
    }

    @Test
    void anExampleThatDoesNotFitStartsTheNextSequence() {
        EncodedExample five = example("five", new int[] {1, 2, 3, 4, 5}, new boolean[5]);
        EncodedExample three = example("three", new int[] {6, 7, 8}, new boolean[3]);
        EncodedExample two = example("two", new int[] {9, 10}, new boolean[2]);

        List<TrainingSequence> sequences = new Packer(6).pack(List.of(five, three, two));

        assertThat(sequences).extracting(TrainingSequence::inputs)
                .containsExactly(new int[] {1, 2, 3, 4, 5}, new int[] {6, 7, 8, 9, 10});
    }

    @Test
    void anExampleLongerThanTheSequenceIsRefused() {
        EncodedExample tooLong = example("long", new int[] {1, 2, 3, 4, 5}, new boolean[5]);

        assertThatThrownBy(() -> new Packer(4).pack(List.of(tooLong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("long has 5 tokens");
    }

    @Test
    void packedSequencesKeepEveryTrainedTokenAndNothingCrossesADocument() {
        Random random = new Random(SEED);
        int seqLen = 8 + random.nextInt(120);
        List<EncodedExample> examples = randomExamples(random, 200, seqLen);

        List<TrainingSequence> sequences = new Packer(seqLen).pack(examples);

        String replay = "seed " + SEED + " (-Dwenjin.test.seed=" + SEED + ")";
        List<Integer> inputs = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (TrainingSequence sequence : sequences) {
            assertThat(sequence.length()).as(replay).isBetween(1, seqLen);
            for (int i = 0; i < sequence.length(); i++) {
                inputs.add(sequence.inputs()[i]);
                boolean documentStart = i == 0 || sequence.documents()[i] != sequence.documents()[i - 1];
                if (documentStart) {
                    assertThat(sequence.positions()[i]).as(replay).isZero();
                    assertThat(sequence.documents()[i]).as(replay).isEqualTo(i == 0 ? 0 : sequence.documents()[i - 1] + 1);
                } else {
                    assertThat(sequence.positions()[i]).as(replay).isEqualTo(sequence.positions()[i - 1] + 1);
                }
                int target = sequence.targets()[i];
                if (target != TrainingSequence.IGNORED) {
                    assertThat(target).as("a target is the next token of the same example, " + replay)
                            .isEqualTo(sequence.inputs()[i] + 1);
                    targets.add(target);
                }
            }
        }
        List<Integer> expectedInputs = new ArrayList<>();
        List<Integer> expectedTargets = new ArrayList<>();
        for (EncodedExample example : examples) {
            for (int i = 0; i < example.length(); i++) {
                expectedInputs.add(example.tokens()[i]);
                if (example.trained()[i]) {
                    expectedTargets.add(example.tokens()[i]);
                }
            }
        }
        assertThat(inputs).as("every example, whole and in order, " + replay).isEqualTo(expectedInputs);
        assertThat(targets).as("every trained token but a document's first is a target once, " + replay)
                .isEqualTo(expectedTargets);
        assertThat(Packer.trainedTargets(sequences))
                .isEqualTo(examples.stream().mapToLong(EncodedExample::trainedCount).sum());
    }
}
