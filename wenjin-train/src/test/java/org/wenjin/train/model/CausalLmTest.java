package org.wenjin.train.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.model.SequenceState;
import org.wenjin.llm.model.Transformer;
import org.wenjin.llm.tensor.GgmlType;
import org.wenjin.train.TinyModelFiles;

/** The trainer's model computes what the engine computes, on the same file. */
class CausalLmTest {

    @TempDir
    static Path directory;

    static Stream<Arguments> models() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String architecture : new String[] {"llama", "qwen2", "qwen3"}) {
            for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_K}) {
                cases.add(Arguments.of(architecture, type));
            }
        }
        return cases.build();
    }

    @Test
    void stories260KLogitsEqualTheEngines() throws IOException {
        assertLogitsMatchEngine(TinyModelFiles.stories260K(), 1e-3);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void tinyModelLogitsEqualTheEngines(String architecture, GgmlType type) throws IOException {
        assertLogitsMatchEngine(TinyModelFiles.write(architecture, type, directory, 7), 1e-3);
    }

    @Test
    void packedDocumentsSeeOnlyThemselves() throws IOException {
        Path file = TinyModelFiles.write("qwen2", GgmlType.F32, directory, 11);
        int[] first = {5, 17, 99, 3, 250};
        int[] second = {42, 8, 300};
        try (GgufFile gguf = GgufFile.open(file); NDManager manager = Torch.newManager()) {
            CausalLm model = CausalLm.load(gguf, manager, DataType.FLOAT32, null, 1);
            float[] alone = model.logits(manager, second, new int[] {0, 1, 2}, new int[] {0, 0, 0}).toFloatArray();
            int[] tokens = {5, 17, 99, 3, 250, 42, 8, 300};
            float[] packed = model.logits(manager, tokens, new int[] {0, 1, 2, 3, 4, 0, 1, 2},
                    new int[] {0, 0, 0, 0, 0, 1, 1, 1}).toFloatArray();
            int vocabulary = model.config().vocabularySize();
            for (int i = 0; i < alone.length; i++) {
                assertThat(packed[first.length * vocabulary + i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    /** Teacher-forced logits of 24 random tokens: every position's logits within {@code tolerance} of the engine's. */
    private static void assertLogitsMatchEngine(Path file, double tolerance) throws IOException {
        Random random = new Random(3);
        try (LanguageModel engine = LanguageModel.load(file);
             GgufFile gguf = GgufFile.open(file);
             NDManager manager = Torch.newManager()) {
            int vocabulary = engine.config().vocabularySize();
            int n = 24;
            int[] tokens = new int[n];
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                tokens[i] = random.nextInt(vocabulary);
                positions[i] = i;
            }
            Transformer transformer = engine.transformer();
            SequenceState state = transformer.newState(n);
            CausalLm model = CausalLm.load(gguf, manager, DataType.FLOAT32, null, 1);
            NDArray logits = model.logits(manager, tokens, positions, new int[n]);
            float[] trained = logits.toFloatArray();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                float[] expected = transformer.forward(state, tokens[i], i);
                for (int v = 0; v < vocabulary; v++) {
                    worst = Math.max(worst, Math.abs(expected[v] - trained[i * vocabulary + v]));
                }
            }
            assertThat(worst).as("largest logit difference on %s", file.getFileName()).isLessThan(tolerance);
        }
    }
}
