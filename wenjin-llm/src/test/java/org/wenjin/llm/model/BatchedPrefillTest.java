package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wenjin.llm.tensor.GgmlType;

/**
 * A prompt run in chunks through every block (batched matmuls, batched causal attention) leaves the same KV
 * cache and gives the same next-token logits as the same prompt run one token at a time, up to float
 * summation order; with activations rounded to 8 bits as well (each token's input is rounded alone), up to the
 * rare value whose rounding the summation order tips.
 */
class BatchedPrefillTest {
    @TempDir
    static Path directory;

    /** Two full chunks and a partial one, after a prefix that the cache already holds. */
    private static final int PREFIX = 5;
    private static final int PROMPT = 2 * PrefillBatch.SIZE + 7;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void chunkedPrefillMatchesTokenByToken(Architecture architecture) throws IOException {
        TinyModels.onBothActivationPaths(round -> compare(architecture, round));
    }

    private static void compare(Architecture architecture, boolean round) throws IOException {
        Path file = TinyModels.of(architecture, directory, GgmlType.Q8_0);
        int[] tokens = new Random(7).ints(PREFIX + PROMPT + 1, 3, TinyModels.VOCABULARY).toArray();
        try (LanguageModel model = LanguageModel.load(file)) {
            Transformer transformer = model.transformer();
            SequenceState oneByOne = transformer.newState(tokens.length);
            for (int i = 0; i < tokens.length - 1; i++) {
                transformer.forward(oneByOne, tokens[i], i);
            }
            float[] expected = transformer.forward(oneByOne, tokens[tokens.length - 1], tokens.length - 1).clone();

            SequenceState chunked = transformer.newState(tokens.length);
            transformer.prefill(chunked, tokens, 0, PREFIX, 0);
            transformer.prefill(chunked, tokens, PREFIX, tokens.length - 1, PREFIX);
            float[] actual = transformer.forward(chunked, tokens[tokens.length - 1], tokens.length - 1);

            // Float summation order alone keeps every key and logit within 1e-4. With rounded activations, an input
            // that lands within that much of a rounding boundary can round to the neighbouring step in one path and
            // not the other; over a hundred tokens a few such flips occur, each moving its token's values by about
            // one rounding step (~1 %) and the logits a little through the later layers. They are few and small, so
            // allow them and nothing more; the float path (round=false) pins the batching itself down.
            float tolerance = 1e-4f;
            int flips = 0;
            int compared = 0;
            for (int layer = 0; layer < model.config().blockCount(); layer++) {
                int keys = (tokens.length - 1) * model.config().keyWidth();
                for (int i = 0; i < keys; i++) {
                    float want = oneByOne.cache().key(layer, i);
                    float got = chunked.cache().key(layer, i);
                    compared++;
                    if (Math.abs(got - want) > tolerance) {
                        flips++;
                        assertThat(round).as("%s round=%s layer %d key %d: %s vs %s", architecture, round, layer, i, got, want)
                                .isTrue();
                        assertThat(got).as("%s layer %d key %d", architecture, layer, i)
                                .isCloseTo(want, offset(0.1f * (1 + Math.abs(want))));
                    }
                }
            }
            assertThat(flips).as("%s round=%s keys off by more than %s, of %d", architecture, round, tolerance, compared)
                    .isLessThanOrEqualTo(compared / 50);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("%s round=%s logit %d", architecture, round, i)
                        .isCloseTo(expected[i], offset((round ? 0.1f : 1e-4f) * (1 + Math.abs(expected[i]))));
            }
        }
    }
}
