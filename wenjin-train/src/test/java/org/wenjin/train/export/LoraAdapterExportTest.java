package org.wenjin.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.gguf.GgufValueType;
import org.wenjin.llm.tensor.GgmlType;
import org.wenjin.train.TinyModelFiles;

/** The adapter layout of convert_lora_to_gguf.py, as llama_adapter_lora_init (src/llama-adapter.cpp) checks it. */
class LoraAdapterExportTest {

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

    @Test
    void metadataNamesTheBaseArchitectureAndTheAlpha() throws IOException {
        Path out = directory.resolve("adapter-metadata.gguf");

        LoraAdapterExport.write(base, factors, LoraFixtures.ALPHA, out);

        try (GgufFile adapter = GgufFile.open(out)) {
            assertThat(adapter.getString("general.architecture")).isEqualTo("llama");
            assertThat(adapter.getString("general.type")).isEqualTo("adapter");
            assertThat(adapter.getString("adapter.type")).isEqualTo("lora");
            assertThat(adapter.get("adapter.lora.alpha").type()).isEqualTo(GgufValueType.FLOAT32);
            assertThat(adapter.getFloat("adapter.lora.alpha")).isEqualTo(LoraFixtures.ALPHA);
            assertThat(adapter.getLong("general.file_type")).isEqualTo(ExportType.F32.llamaFileType());
            assertThat(adapter.contains("tokenizer.ggml.tokens")).as("an adapter carries no vocabulary").isFalse();
        }
    }

    /** lora_a is A, ggml dimensions [inputs, rank]; lora_b is B, [rank, outputs]; both F32, in the base's order. */
    @Test
    void eachMatrixGetsLoraAAndLoraB() throws IOException {
        Path out = directory.resolve("adapter-tensors.gguf");

        LoraAdapterExport.write(base, factors, LoraFixtures.ALPHA, out);

        try (GgufFile adapter = GgufFile.open(out)) {
            assertThat(adapter.tensors()).hasSize(2 * factors.size());
            assertThat(adapter.tensors().subList(0, 2)).extracting(GgufTensorInfo::name)
                    .containsExactly("blk.0.attn_q.weight.lora_a", "blk.0.attn_q.weight.lora_b");
            for (Map.Entry<String, LoraFactors> e : factors.entrySet()) {
                LoraFactors f = e.getValue();
                GgufTensorInfo a = adapter.tensorInfo(e.getKey() + ".lora_a").orElseThrow();
                GgufTensorInfo b = adapter.tensorInfo(e.getKey() + ".lora_b").orElseThrow();
                assertThat(a.type()).isEqualTo(GgmlType.F32);
                assertThat(b.type()).isEqualTo(GgmlType.F32);
                assertThat(a.dimensions()).containsExactly(f.inputs(), f.rank());
                assertThat(b.dimensions()).containsExactly(f.rank(), f.outputs());
                assertThat(MergedModelExport.dequantize(adapter, a)).containsExactly(f.a());
                assertThat(MergedModelExport.dequantize(adapter, b)).containsExactly(f.b());
            }
        }
    }

    /**
     * llama.cpp adds a token embedding's update by looking up rows (llm_build_inp_embd): lora_a holds B, one row of
     * rank values per token, and lora_b holds A transposed.
     */
    @Test
    void theTokenEmbeddingOfAnUntiedModelIsStoredTheOtherWayRound() throws IOException {
        Path out = directory.resolve("adapter-embedding.gguf");
        try (GgufFile stories = GgufFile.open(TinyModelFiles.stories260K())) {
            GgufTensorInfo embedding = stories.tensorInfo("token_embd.weight").orElseThrow();
            LoraFactors f = LoraFixtures.random(embedding, new Random(3));

            LoraAdapterExport.write(stories, Map.of("token_embd.weight", f), LoraFixtures.ALPHA, out);

            try (GgufFile adapter = GgufFile.open(out)) {
                GgufTensorInfo a = adapter.tensorInfo("token_embd.weight.lora_a").orElseThrow();
                GgufTensorInfo b = adapter.tensorInfo("token_embd.weight.lora_b").orElseThrow();
                assertThat(a.dimensions()).containsExactly(LoraFixtures.RANK, 512);
                assertThat(b.dimensions()).containsExactly(LoraFixtures.RANK, 64);
                assertThat(MergedModelExport.dequantize(adapter, a)).containsExactly(f.b());
                assertThat(MergedModelExport.dequantize(adapter, b)).containsExactly(f.aTransposed());
            }
        }
    }

    @Test
    void aTiedEmbeddingCannotBeAdaptedInLlamaCpp() {
        Path out = directory.resolve("adapter-tied.gguf");
        LoraFactors f = LoraFixtures.random(base.tensorInfo("token_embd.weight").orElseThrow(), new Random(3));

        assertThatThrownBy(() -> LoraAdapterExport.write(base, Map.of("token_embd.weight", f), LoraFixtures.ALPHA, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no output.weight")
                .hasMessageContaining("export a merged model");
        assertThat(out).doesNotExist();
    }

    @Test
    void factorsMustFitABaseMatrix() {
        Path out = directory.resolve("adapter-wrong.gguf");
        LoraFactors q = factors.get("blk.0.attn_q.weight");

        for (Map<String, LoraFactors> wrong : List.of(Map.of("blk.0.attn_q", q), Map.of("blk.0.ffn_down.weight", q))) {
            assertThatThrownBy(() -> LoraAdapterExport.write(base, wrong, LoraFixtures.ALPHA, out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(wrong.keySet().iterator().next());
        }
        assertThatThrownBy(() -> LoraAdapterExport.write(base, factors, Float.NaN, out))
                .hasMessageContaining("alpha");
        assertThat(out).doesNotExist();
    }
}
