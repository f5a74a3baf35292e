package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wenjin.llm.generate.FinishReason;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.GenerationResult;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufFormatException;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufWriter;
import org.wenjin.llm.tensor.GgmlType;

/** Random-weight models of every supported architecture, written with the project's GGUF writer. */
class TinyModelsTest {
    @TempDir
    static Path directory;

    private static final int[] TOKENS = new Random(11).ints(24, 3, TinyModels.VOCABULARY).toArray();

    static {
        TOKENS[0] = 1; // BOS
    }

    static Path file(Architecture architecture, GgmlType matrices) throws IOException {
        return switch (architecture) {
            case LLAMA -> TinyModels.llama(directory, matrices);
            case QWEN2 -> TinyModels.qwen2(directory, matrices);
            case QWEN3 -> TinyModels.qwen3(directory, matrices);
        };
    }

    @BeforeAll
    static void writeModels() throws IOException {
        for (Architecture architecture : Architecture.values()) {
            file(architecture, GgmlType.F32);
            file(architecture, GgmlType.Q8_0);
        }
    }

    private static Path path(Architecture architecture, GgmlType matrices) {
        return directory.resolve("tiny-" + architecture.ggufName() + "-" + matrices + ".gguf");
    }

    /** Teacher-forced logits of every position, computed one token at a time through the KV cache. */
    private static float[][] incrementalLogits(Transformer transformer, int[] tokens) {
        SequenceState state = transformer.newState(tokens.length);
        float[][] logits = new float[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            logits[t] = transformer.forward(state, tokens[t], t).clone();
        }
        return logits;
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void configurationAndWeightShapesComeFromTheFile(Architecture architecture) throws IOException {
        try (LanguageModel model = LanguageModel.load(path(architecture, GgmlType.F32))) {
            ModelConfig config = model.config();
            assertThat(config.architecture()).isEqualTo(architecture);
            assertThat(config.vocabularySize()).isEqualTo(TinyModels.VOCABULARY).isEqualTo(model.tokenizer().vocabularySize());
            assertThat(config.headCount()).isEqualTo(TinyModels.HEADS);
            assertThat(config.headCountKv()).isEqualTo(TinyModels.KV_HEADS);
            assertThat(config.keyLength()).isEqualTo(architecture == Architecture.QWEN3 ? 32 : 16);
            assertThat(config.queryWidth()).isEqualTo(architecture == Architecture.QWEN3 ? 128 : 64);
            Weights weights = model.transformer().weights();
            assertThat(weights.layers()).hasSize(TinyModels.BLOCKS);
            assertThat(weights.layers()[0].queryBias() != null).isEqualTo(architecture == Architecture.QWEN2);
            assertThat(weights.layers()[0].queryNorm() != null).isEqualTo(architecture == Architecture.QWEN3);
            assertThat(weights.ropeFactors() != null).isEqualTo(architecture == Architecture.LLAMA);
            assertThat(weights.output() == weights.tokenEmbedding()).as("tied output")
                    .isEqualTo(architecture == Architecture.QWEN2);
            float[] logits = model.transformer().forward(model.transformer().newState(4), 1, 0);
            assertThat(logits).hasSize(TinyModels.VOCABULARY);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void logitsAgreeWithAPlainFloat64ForwardPassWithoutCache(Architecture architecture) throws IOException {
        try (LanguageModel model = LanguageModel.load(path(architecture, GgmlType.F32));
             GgufFile file = GgufFile.open(model.path())) {
            float[][] actual = incrementalLogits(model.transformer(), TOKENS);
            double[][] expected = new ReferenceTransformer(file, model.config()).logits(TOKENS);
            for (int t = 0; t < TOKENS.length; t++) {
                for (int token = 0; token < TinyModels.VOCABULARY; token++) {
                    assertThat((double) actual[t][token]).as("position %d, token %d", t, token)
                            .isCloseTo(expected[t][token], offset(2e-4));
                }
            }
            assertThat(spread(expected[TOKENS.length - 1])).as("logits are far from uniform").isGreaterThan(1.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void theCacheGivesTheSameLogitsAsRunningThePrefixAgainFromScratch(Architecture architecture) throws IOException {
        try (LanguageModel model = LanguageModel.load(path(architecture, GgmlType.Q8_0))) {
            Transformer transformer = model.transformer();
            float[][] incremental = incrementalLogits(transformer, TOKENS);
            for (int t : new int[] {1, 7, TOKENS.length - 1}) {
                SequenceState fresh = transformer.newState(TinyModels.CONTEXT);
                transformer.prefill(fresh, TOKENS, 0, t, 0);
                float[] logits = transformer.forward(fresh, TOKENS[t], t);
                // Up to float rounding: a prefill of many tokens adds its products in another order (tiled kernel).
                for (int i = 0; i < logits.length; i++) {
                    assertThat(logits[i]).as("position %d logit %d", t, i)
                            .isCloseTo(incremental[t][i], offset(1e-4f * (1 + Math.abs(incremental[t][i]))));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void anF16CacheGivesLogitsCloseToAnF32Cache(Architecture architecture) throws IOException {
        try (LanguageModel model = LanguageModel.load(path(architecture, GgmlType.F32))) {
            Transformer transformer = model.transformer();
            SequenceState exact = transformer.newState(TOKENS.length, KvCache.Precision.F32);
            SequenceState half = transformer.newState(TOKENS.length, KvCache.Precision.F16);
            assertThat(half.cache().precision()).isEqualTo(KvCache.Precision.F16);
            double worst = 0;
            double scale = 0;
            for (int t = 0; t < TOKENS.length; t++) {
                float[] a = transformer.forward(exact, TOKENS[t], t).clone();
                float[] b = transformer.forward(half, TOKENS[t], t);
                for (int token = 0; token < a.length; token++) {
                    worst = Math.max(worst, Math.abs(a[token] - b[token]));
                    scale = Math.max(scale, Math.abs(a[token]));
                }
            }
            // Half precision keeps 11 significant bits of each key and value: the logits move by a small
            // fraction of a percent of their range.
            assertThat(worst).as("largest logit difference, logits up to %.2f", scale).isLessThan(0.01 * scale);
            assertThat(worst).as("the F16 cache really rounds").isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void q8WeightsGiveLogitsCloseToF32Weights(Architecture architecture) throws IOException {
        try (LanguageModel f32 = LanguageModel.load(path(architecture, GgmlType.F32));
             LanguageModel q8 = LanguageModel.load(path(architecture, GgmlType.Q8_0))) {
            float[][] exact = incrementalLogits(f32.transformer(), TOKENS);
            float[][] quantized = incrementalLogits(q8.transformer(), TOKENS);
            double worst = 0;
            double scale = 0;
            for (int t = 0; t < TOKENS.length; t++) {
                for (int token = 0; token < TinyModels.VOCABULARY; token++) {
                    worst = Math.max(worst, Math.abs(exact[t][token] - quantized[t][token]));
                    scale = Math.max(scale, Math.abs(exact[t][token]));
                }
            }
            // Q8_0 rounds each weight to 1/127 of its block's largest magnitude; through two blocks of seven
            // matrices that moves these logits by a few percent of their range, and no more.
            assertThat(worst).as("largest logit difference, logits up to %.2f", scale).isLessThan(0.06 * scale);
            assertThat(worst).as("Q8_0 really is a different encoding").isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void samplingWithASeedIsReproducibleAndStreamsEveryToken(Architecture architecture) throws IOException {
        try (LanguageModel model = LanguageModel.load(path(architecture, GgmlType.Q8_0))) {
            GenerationRequest request = GenerationRequest.of(40, SamplingParameters.defaults(2024).withTopK(0));
            int[] streamed = new int[40];
            int[] count = {0};
            GenerationResult first = new Session(model, 64).generate(new int[] {1, 5, 9}, request, new GenerationListener() {
                @Override
                public void onToken(int token) {
                    streamed[count[0]++] = token;
                }
            });
            GenerationResult second = new Session(model, 64).generate(new int[] {1, 5, 9}, request, GenerationListener.NONE);
            GenerationResult otherSeed = new Session(model, 64).generate(new int[] {1, 5, 9},
                    GenerationRequest.of(40, request.sampling().withSeed(7)), GenerationListener.NONE);
            assertThat(second.tokens()).isEqualTo(first.tokens());
            assertThat(Arrays.copyOf(streamed, count[0])).isEqualTo(first.tokens());
            assertThat(otherSeed.tokens()).isNotEqualTo(first.tokens());
            assertThat(first.text()).isEqualTo(model.tokenizer().decode(first.tokens()));
            if (first.finishReason() == FinishReason.LENGTH) {
                assertThat(first.tokens()).hasSize(40);
            } else {
                assertThat(first.stop()).isEqualTo("2"); // </s>
            }
        }
    }

    @Test
    void anUnsupportedArchitectureIsRejectedByName() throws IOException {
        Path path = directory.resolve("gemma.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("gemma2")).write(path);
        assertThatThrownBy(() -> LanguageModel.load(path))
                .isInstanceOf(UnsupportedArchitectureException.class)
                .hasMessageContaining("gemma2").hasMessageContaining(path.toString())
                .hasMessageContaining("llama, qwen2, qwen3");
    }

    @Test
    void aMissingTensorIsNamedWithTheFile() throws IOException {
        Path path = directory.resolve("no-bias.gguf");
        try (GgufFile source = GgufFile.open(path(Architecture.QWEN2, GgmlType.F32))) {
            GgufWriter writer = new GgufWriter().putAll(source.metadata());
            source.tensors().stream().filter(t -> !t.name().equals("blk.1.attn_k.bias"))
                    .forEach(t -> writer.addTensor(t.name(), t.dimensions(), source.tensor(t.name())));
            writer.write(path);
        }
        assertThatThrownBy(() -> LanguageModel.load(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("blk.1.attn_k.bias").hasMessageContaining(path.toString());
    }

    @Test
    void aTensorOfTheWrongShapeIsNamedWithBothShapes() throws IOException {
        Path path = directory.resolve("bad-shape.gguf");
        try (GgufFile source = GgufFile.open(path(Architecture.LLAMA, GgmlType.F32))) {
            GgufWriter writer = new GgufWriter().putAll(source.metadata());
            writer.put("llama.feed_forward_length", GgufValue.uint32(TinyModels.FEED_FORWARD / 2));
            source.tensors().forEach(t -> writer.addTensor(t.name(), t.dimensions(), source.tensor(t.name())));
            writer.write(path);
        }
        assertThatThrownBy(() -> LanguageModel.load(path))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("blk.0.ffn_gate.weight").hasMessageContaining("[64, 96]")
                .hasMessageContaining("expected [64, 48]");
    }

    @Test
    void linearRopeScalingIsReadFromTheMetadataAndOtherKindsAreRefusedByName() throws IOException {
        Path linear = withMetadata("linear.gguf", "linear", 4f);
        try (LanguageModel model = LanguageModel.load(linear); GgufFile file = GgufFile.open(linear)) {
            assertThat(model.config().ropeLinearScale()).isEqualTo(0.25);
            float[] logits = incrementalLogits(model.transformer(), TOKENS)[TOKENS.length - 1];
            double[] expected = new ReferenceTransformer(file, model.config()).logits(TOKENS)[TOKENS.length - 1];
            for (int token = 0; token < logits.length; token++) {
                assertThat((double) logits[token]).isCloseTo(expected[token], offset(2e-4));
            }
        }
        Path yarn = withMetadata("yarn.gguf", "yarn", 4f);
        assertThatThrownBy(() -> LanguageModel.load(yarn))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("rope scaling 'yarn'").hasMessageContaining("llama.rope.scaling.type")
                .hasMessageContaining(yarn.toString());
    }

    private static Path withMetadata(String name, String scaling, float factor) throws IOException {
        Path path = directory.resolve(name);
        try (GgufFile source = GgufFile.open(path(Architecture.LLAMA, GgmlType.F32))) {
            GgufWriter writer = new GgufWriter().putAll(source.metadata());
            writer.put("llama.rope.scaling.type", GgufValue.string(scaling));
            writer.put("llama.rope.scaling.factor", GgufValue.float32(factor));
            source.tensors().forEach(t -> writer.addTensor(t.name(), t.dimensions(), source.tensor(t.name())));
            writer.write(path);
        }
        return path;
    }

    private static double spread(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }
}
