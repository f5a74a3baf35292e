package org.wenjin.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.tensor.GgmlType;

class MergedModelExportTest {

    @TempDir
    static Path directory;

    private static GgufFile base;
    private static Map<String, LoraFactors> factors;

    @BeforeAll
    static void writeBase() throws IOException {
        base = GgufFile.open(new TinyLlama(7).writeTo(directory));
        factors = LoraFixtures.everyTarget(base, 11);
    }

    @AfterAll
    static void closeBase() {
        base.close();
    }

    /** In F32 nothing is rounded: every adapted matrix is W + (alpha / rank) · B·A, every other tensor the base's. */
    @Test
    void f32HoldsTheMergedWeightsAndTheBaseBytesOfEveryOtherTensor() throws IOException {
        Path out = directory.resolve("merged-values-f32.gguf");

        MergedModelExport.writeMerged(base, factors, LoraFixtures.ALPHA, ExportType.F32, out);

        float scale = LoraFixtures.ALPHA / LoraFixtures.RANK;
        try (GgufFile merged = GgufFile.open(out)) {
            assertThat(merged.tensors()).extracting(GgufTensorInfo::name)
                    .containsExactlyElementsOf(base.tensors().stream().map(GgufTensorInfo::name).toList());
            for (GgufTensorInfo t : base.tensors()) {
                LoraFactors f = factors.get(t.name());
                assertThat(merged.tensorInfo(t.name()).orElseThrow().type()).isEqualTo(GgmlType.F32);
                if (f == null) {
                    assertThat(bytes(merged, t.name())).as(t.name()).isEqualTo(bytes(base, t.name()));
                    continue;
                }
                float[] w = MergedModelExport.dequantize(base, t);
                float[] actual = MergedModelExport.dequantize(merged, t);
                for (int o = 0; o < f.outputs(); o++) {
                    for (int i = 0; i < f.inputs(); i++) {
                        double product = 0;
                        for (int r = 0; r < f.rank(); r++) {
                            product += (double) f.b()[o * f.rank() + r] * f.a()[r * f.inputs() + i];
                        }
                        double expected = w[o * f.inputs() + i] + scale * product;
                        assertThat((double) actual[o * f.inputs() + i]).as("%s[%d][%d]", t.name(), o, i)
                                .isCloseTo(expected, within(1e-6));
                    }
                }
            }
        }
    }

    /** The tokenizer, chat template and everything else are the base's; only the file type is new. */
    @ParameterizedTest
    @EnumSource(ExportType.class)
    void keepsTheBaseMetadataAndRecordsTheFileType(ExportType type) throws IOException {
        Path out = directory.resolve("merged-metadata-" + type + ".gguf");

        MergedModelExport.writeMerged(base, factors, LoraFixtures.ALPHA, type, out);

        try (GgufFile merged = GgufFile.open(out)) {
            assertThat(merged.getLong("general.file_type")).isEqualTo(type.llamaFileType());
            assertThat(merged.getLong("general.quantization_version")).isEqualTo(2);
            for (Map.Entry<String, GgufValue> e : base.metadata().entrySet()) {
                if (!e.getKey().equals("general.file_type")) {
                    assertThat(merged.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
    }

    /** Each file loads in the engine, with the type llama-quantize would give every tensor. */
    @ParameterizedTest
    @EnumSource(ExportType.class)
    void everyTypeLoadsWithLlamaCppsTensorTypes(ExportType type) throws IOException {
        Path out = directory.resolve("merged-types-" + type + ".gguf");

        MergedModelExport.writeMerged(base, factors, LoraFixtures.ALPHA, type, out);

        QuantizationMixture mixture = QuantizationMixture.of(base, type);
        try (GgufFile merged = GgufFile.open(out); LanguageModel model = LanguageModel.load(out)) {
            for (GgufTensorInfo t : merged.tensors()) {
                assertThat(t.type()).as(t.name()).isEqualTo(mixture.typeOf(t.name()));
                assertThat(t.dimensions()).isEqualTo(base.tensorInfo(t.name()).orElseThrow().dimensions());
            }
            assertThat(model.config().blockCount()).isEqualTo(TinyLlama.BLOCKS);
        }
        if (type == ExportType.Q4_K_M) {
            try (GgufFile merged = GgufFile.open(out)) {
                assertThat(merged.tensorInfo("token_embd.weight").orElseThrow().type()).isEqualTo(GgmlType.Q6_K);
                assertThat(merged.tensorInfo("blk.2.attn_v.weight").orElseThrow().type()).isEqualTo(GgmlType.Q6_K);
                assertThat(merged.tensorInfo("blk.1.attn_v.weight").orElseThrow().type()).isEqualTo(GgmlType.Q4_K);
                // Rows of 544 values: Q6_K falls back to Q8_0, Q4_K to Q5_0.
                assertThat(merged.tensorInfo("blk.3.ffn_down.weight").orElseThrow().type()).isEqualTo(GgmlType.Q8_0);
                assertThat(merged.tensorInfo("blk.0.ffn_down.weight").orElseThrow().type()).isEqualTo(GgmlType.Q5_0);
            }
        }
    }

    /** The LoRA update is large enough to change what the model says, in every type. */
    @ParameterizedTest
    @EnumSource(ExportType.class)
    void theUpdateChangesTheGreedyOutput(ExportType type) throws IOException {
        Path out = directory.resolve("merged-changes-" + type + ".gguf");

        MergedModelExport.writeMerged(base, factors, LoraFixtures.ALPHA, type, out);

        for (int[] prompt : Greedy.prompts(base.path())) {
            assertThat(Greedy.engine(out, prompt, Greedy.TOKENS))
                    .as("merged %s after %s", type, Arrays.toString(prompt))
                    .isNotEqualTo(Greedy.engine(base.path(), prompt, Greedy.TOKENS));
        }
    }

    /** Without replacements an export to the base's own type is a copy; 1-D tensors are F32 in every type. */
    @Test
    void aTensorThatNeedsNoChangeKeepsItsBytes() throws IOException {
        Path q4km = directory.resolve("copy-source-q4km.gguf");
        MergedModelExport.write(base, Map.of(), ExportType.Q4_K_M, q4km);
        Path again = directory.resolve("copy-q4km-again.gguf");

        try (GgufFile first = GgufFile.open(q4km)) {
            MergedModelExport.write(first, Map.of(), ExportType.Q4_K_M, again);
            try (GgufFile second = GgufFile.open(again)) {
                for (GgufTensorInfo t : first.tensors()) {
                    assertThat(bytes(second, t.name())).as(t.name()).isEqualTo(bytes(first, t.name()));
                }
            }
        }
    }

    @Test
    void replacementsTakeTheBaseTensorsPlace() throws IOException {
        float[] norm = new float[TinyLlama.EMBEDDING];
        Arrays.fill(norm, 0.5f);
        Path out = directory.resolve("replaced-norm.gguf");

        MergedModelExport.write(base, Map.of("output_norm.weight", norm), ExportType.Q8_0, out);

        try (GgufFile written = GgufFile.open(out)) {
            GgufTensorInfo t = written.tensorInfo("output_norm.weight").orElseThrow();
            assertThat(t.type()).isEqualTo(GgmlType.F32);
            assertThat(MergedModelExport.dequantize(written, t)).containsOnly(0.5f);
        }
    }

    @Test
    void aNameThatIsNotABaseTensorIsRejectedAndNothingIsWritten() throws IOException {
        Path dir = Files.createDirectories(directory.resolve("unknown-name"));
        Path out = dir.resolve("merged.gguf");
        Map<String, LoraFactors> wrong = new HashMap<>(factors);
        wrong.put("blk.9.attn_q.weight", factors.get("blk.0.attn_q.weight"));

        assertThatThrownBy(() -> MergedModelExport.writeMerged(base, wrong, LoraFixtures.ALPHA, ExportType.F32, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'blk.9.attn_q.weight' is not a tensor of");
        assertThatThrownBy(() -> MergedModelExport.write(base, Map.of("q_proj", new float[1]), ExportType.F32, out))
                .hasMessageContaining("'q_proj' is not a tensor of");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void factorsOfTheWrongShapeAreRejected() {
        Path out = directory.resolve("wrong-shape.gguf");
        // attn_k maps 256 inputs to 128 outputs; attn_q's factors map 256 to 256.
        Map<String, LoraFactors> swapped = Map.of("blk.0.attn_k.weight", factors.get("blk.0.attn_q.weight"));

        assertThatThrownBy(() -> MergedModelExport.writeMerged(base, swapped, LoraFixtures.ALPHA, ExportType.F16, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'blk.0.attn_k.weight' map 256 inputs to 256 outputs")
                .hasMessageContaining("[256, 128]");
        Map<String, LoraFactors> onAVector = Map.of("output_norm.weight", new LoraFactors(1, 256, 1, new float[256], new float[1]));
        assertThatThrownBy(() -> MergedModelExport.writeMerged(base, onAVector, LoraFixtures.ALPHA, ExportType.F16, out))
                .hasMessageContaining("output_norm.weight");
        assertThatThrownBy(() -> MergedModelExport.write(base, Map.of("output_norm.weight", new float[3]), ExportType.F16, out))
                .hasMessageContaining("has 3 values, but the tensor").hasMessageContaining("has 256");
        assertThatThrownBy(() -> MergedModelExport.writeMerged(base, factors, 0f, ExportType.F16, out))
                .hasMessageContaining("alpha must be finite and not 0");
        assertThat(out).doesNotExist();
    }

    /** A failure while writing (here a value Q8_0 cannot encode) leaves neither the file nor a partial one. */
    @Test
    void aFailedExportLeavesNoFileBehind() throws IOException {
        Path dir = Files.createDirectories(directory.resolve("failed"));
        Path out = dir.resolve("merged.gguf");
        float[] infinite = MergedModelExport.dequantize(base, base.tensorInfo("blk.1.ffn_up.weight").orElseThrow());
        infinite[7] = Float.POSITIVE_INFINITY;

        assertThatThrownBy(() -> MergedModelExport.write(base, Map.of("blk.1.ffn_up.weight", infinite), ExportType.Q8_0, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void anExistingFileIsReplacedWhole() throws IOException {
        Path out = directory.resolve("replaced-whole.gguf");
        Files.writeString(out, "an older export");

        MergedModelExport.writeMerged(base, factors, LoraFixtures.ALPHA, ExportType.Q4_0, out);

        try (GgufFile merged = GgufFile.open(out)) {
            assertThat(merged.getLong("general.file_type")).isEqualTo(ExportType.Q4_0.llamaFileType());
        }
    }

    private static byte[] bytes(GgufFile file, String tensor) {
        return file.tensorData(tensor).toArray(ValueLayout.JAVA_BYTE);
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
