package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wenjin.llm.tensor.GgmlType;

/**
 * One decoding step of several unrelated sequences, each at its own position with its own KV cache, gives
 * every sequence the logits and cache it gets when it steps alone: the batch shares the weights' reads, never
 * the sequences' state. "The same" up to the last bits of float sums, whose order the Vector API's lane
 * reductions leave to the compiler (greedy tokens stay identical: ConcurrentGenerationTest).
 */
class BatchedDecodeTest {
    @TempDir
    static Path directory;

    /** Sequences of different lengths, so each step attends over a different number of positions. */
    private static final int[] LENGTHS = {1, 6, 19, 3};

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void aBatchedStepEqualsEachSequenceSteppedAlone(Architecture architecture) throws IOException {
        TinyModels.onBothActivationPaths(round -> compare(architecture, round));
    }

    private static void compare(Architecture architecture, boolean round) throws IOException {
        // A different integer kernel per architecture.
        GgmlType matrices = switch (architecture) {
            case LLAMA -> GgmlType.Q8_0;
            case QWEN2 -> GgmlType.Q4_0;
            case QWEN3 -> GgmlType.Q5_0;
        };
        Path file = TinyModels.of(architecture, directory, matrices);
        Random random = new Random(11);
        int n = LENGTHS.length;
        int[][] prompts = new int[n][];
        for (int i = 0; i < n; i++) {
            prompts[i] = random.ints(LENGTHS[i] + 2, 3, TinyModels.VOCABULARY).toArray();
        }
        try (LanguageModel model = LanguageModel.load(file)) {
            Transformer transformer = model.transformer();
            SequenceState[] alone = new SequenceState[n];
            SequenceState[] together = new SequenceState[n];
            for (int i = 0; i < n; i++) {
                alone[i] = transformer.newState(32);
                together[i] = transformer.newState(32);
                for (int p = 0; p < LENGTHS[i]; p++) {
                    transformer.forward(alone[i], prompts[i][p], p);
                    transformer.forward(together[i], prompts[i][p], p);
                }
            }
            DecodeBatch batch = transformer.newDecodeBatch(8);
            // Two steps: the second attends over the positions the first stored.
            for (int step = 0; step < 2; step++) {
                int[] tokens = new int[n];
                int[] positions = new int[n];
                float[][] expected = new float[n][];
                for (int i = 0; i < n; i++) {
                    tokens[i] = prompts[i][LENGTHS[i] + step];
                    positions[i] = LENGTHS[i] + step;
                    expected[i] = transformer.forward(alone[i], tokens[i], positions[i]).clone();
                }
                transformer.forward(batch, together, tokens, positions, n);
                for (int i = 0; i < n; i++) {
                    for (int v = 0; v < expected[i].length; v++) {
                        assertThat(together[i].logits()[v]).as("%s round=%s step %d sequence %d logit %d",
                                        architecture, round, step, i, v)
                                .isCloseTo(expected[i][v], offset(1e-5f * (1 + Math.abs(expected[i][v]))));
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                int stored = (LENGTHS[i] + 2) * model.config().keyWidth();
                for (int layer = 0; layer < model.config().blockCount(); layer++) {
                    for (int k = 0; k < stored; k++) {
                        assertThat(together[i].cache().key(layer, k)).isCloseTo(alone[i].cache().key(layer, k),
                                offset(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void aStepRefusesMoreSequencesThanItsScratchHolds() throws IOException {
        try (LanguageModel model = LanguageModel.load(TinyModels.llama(directory, GgmlType.Q8_0))) {
            Transformer transformer = model.transformer();
            DecodeBatch batch = transformer.newDecodeBatch(2);
            SequenceState[] states = {transformer.newState(4), transformer.newState(4), transformer.newState(4)};
            assertThatThrownBy(() -> transformer.forward(batch, states, new int[] {3, 4, 5}, new int[3], 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 2 sequences");
        }
    }
}
