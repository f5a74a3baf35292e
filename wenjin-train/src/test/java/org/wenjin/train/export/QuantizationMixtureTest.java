package org.wenjin.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.tensor.GgmlType;
import org.wenjin.train.TinyModelFiles;
import org.wenjin.train.export.QuantizationMixture.Model;

/** The tensor types of llama-quantize's mixtures (llama_tensor_get_type in src/llama-quant.cpp). */
class QuantizationMixtureTest {

    /** use_more_bits for 16 layers: the first and last 2, and 4, 7, 10, 13. */
    private static final Set<Integer> MORE_BITS_OF_16 = Set.of(0, 1, 4, 7, 10, 13, 14, 15);

    @Test
    void q4kmGivesQ6KToTheTiedClassifierAndToAttnVAndFfnDownOfTheMoreBitsLayers() {
        QuantizationMixture mix = mixture(llama(16, 2048, 8192, 512, true), ExportType.Q4_K_M, 16);

        assertThat(mix.typeOf("token_embd.weight")).isEqualTo(GgmlType.Q6_K);
        for (int layer = 0; layer < 16; layer++) {
            GgmlType moreBits = MORE_BITS_OF_16.contains(layer) ? GgmlType.Q6_K : GgmlType.Q4_K;
            assertThat(mix.typeOf("blk." + layer + ".attn_v.weight")).as("attn_v of layer %d", layer).isEqualTo(moreBits);
            assertThat(mix.typeOf("blk." + layer + ".ffn_down.weight")).as("ffn_down of layer %d", layer).isEqualTo(moreBits);
            for (String matrix : List.of("attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up")) {
                assertThat(mix.typeOf("blk." + layer + "." + matrix + ".weight")).isEqualTo(GgmlType.Q4_K);
            }
            assertThat(mix.typeOf("blk." + layer + ".attn_norm.weight")).isEqualTo(GgmlType.F32);
        }
        assertThat(mix.typeOf("output_norm.weight")).isEqualTo(GgmlType.F32);
    }

    @Test
    void useMoreBitsIsLlamaCppsFormula() {
        List<Integer> picked = new ArrayList<>();
        for (int layer = 0; layer < 16; layer++) {
            if (QuantizationMixture.useMoreBits(layer, 16)) {
                picked.add(layer);
            }
        }
        assertThat(picked).containsExactlyInAnyOrderElementsOf(MORE_BITS_OF_16);
    }

    @Test
    void anUntiedEmbeddingIsAnOrdinaryMatrixAndTheClassifierGetsQ6K() {
        QuantizationMixture mix = mixture(llama(16, 2048, 8192, 512, false), ExportType.Q4_K_M, 16);

        assertThat(mix.typeOf("output.weight")).isEqualTo(GgmlType.Q6_K);
        assertThat(mix.typeOf("token_embd.weight")).isEqualTo(GgmlType.Q4_K);
    }

    @Test
    void q4_0KeepsQ4_0EverywhereButTheClassifier() {
        QuantizationMixture tied = mixture(llama(16, 2048, 8192, 512, true), ExportType.Q4_0, 16);
        QuantizationMixture untied = mixture(llama(16, 2048, 8192, 512, false), ExportType.Q4_0, 16);

        assertThat(tied.typeOf("token_embd.weight")).isEqualTo(GgmlType.Q6_K);
        assertThat(untied.typeOf("output.weight")).isEqualTo(GgmlType.Q6_K);
        assertThat(untied.typeOf("token_embd.weight")).isEqualTo(GgmlType.Q4_0);
        assertThat(tied.typeOf("blk.0.attn_v.weight")).isEqualTo(GgmlType.Q4_0);
        assertThat(tied.typeOf("blk.15.ffn_down.weight")).isEqualTo(GgmlType.Q4_0);
    }

    @Test
    void q8_0AndTheFloatTypesTreatEveryMatrixAlike() {
        for (ExportType type : List.of(ExportType.Q8_0, ExportType.F16, ExportType.F32)) {
            QuantizationMixture mix = mixture(llama(16, 2048, 8192, 512, false), type, 16);
            for (String name : List.of("token_embd.weight", "output.weight", "blk.0.attn_v.weight", "blk.7.ffn_down.weight")) {
                assertThat(mix.typeOf(name)).as("%s in %s", name, type).isEqualTo(type.defaultType());
            }
            assertThat(mix.typeOf("blk.0.ffn_norm.weight")).isEqualTo(GgmlType.F32);
        }
    }

    /** llama.cpp counts attn_v and ffn_down by layer, whatever order the file lists them in. */
    @Test
    void layersAreCountedInTheLoadersOrderNotTheFilesOrder() {
        List<GgufTensorInfo> reversed = new ArrayList<>(llama(16, 2048, 8192, 512, true));
        java.util.Collections.reverse(reversed);

        QuantizationMixture mix = mixture(reversed, ExportType.Q4_K_M, 16);

        assertThat(mix.typeOf("blk.4.attn_v.weight")).isEqualTo(GgmlType.Q6_K);
        assertThat(mix.typeOf("blk.5.attn_v.weight")).isEqualTo(GgmlType.Q4_K);
        assertThat(mix.typeOf("blk.13.ffn_down.weight")).isEqualTo(GgmlType.Q6_K);
    }

    /**
     * stories260K (64 wide, feed-forward 172, 5 blocks) has no whole K-quant super-blocks: Q4_K falls back to
     * Q5_0, Q6_K to Q8_0, and ffn_down's rows of 172 values, not whole 32-value blocks either, to F16.
     */
    @Test
    void rowsThatAreNotWholeSuperBlocksFallBackAsInLlamaCpp() throws IOException {
        try (GgufFile stories = GgufFile.open(TinyModelFiles.stories260K())) {
            QuantizationMixture mix = QuantizationMixture.of(stories, ExportType.Q4_K_M);

            assertThat(mix.typeOf("output.weight")).isEqualTo(GgmlType.Q8_0);
            assertThat(mix.typeOf("token_embd.weight")).isEqualTo(GgmlType.Q5_0);
            assertThat(mix.typeOf("blk.0.attn_q.weight")).isEqualTo(GgmlType.Q5_0);
            assertThat(mix.typeOf("blk.0.attn_v.weight")).isEqualTo(GgmlType.Q5_0);
            assertThat(mix.typeOf("blk.2.attn_v.weight")).as("Q6_K on a more-bits layer").isEqualTo(GgmlType.Q8_0);
            assertThat(mix.typeOf("blk.4.attn_v.weight")).as("Q6_K on a more-bits layer").isEqualTo(GgmlType.Q8_0);
            assertThat(mix.typeOf("blk.0.ffn_gate.weight")).isEqualTo(GgmlType.Q5_0);
            assertThat(mix.typeOf("blk.0.ffn_down.weight")).isEqualTo(GgmlType.F16);
            assertThat(mix.typeOf("blk.2.ffn_down.weight")).isEqualTo(GgmlType.F16);
        }
    }

    /** llama.cpp has no fallback for Q8_0 or Q4_0 rows that are not whole 32-value blocks, and refuses. */
    @Test
    void q8_0AndQ4_0CannotHoldRowsOfPartialBlocks() throws IOException {
        try (GgufFile stories = GgufFile.open(TinyModelFiles.stories260K())) {
            for (ExportType type : List.of(ExportType.Q8_0, ExportType.Q4_0)) {
                assertThatThrownBy(() -> QuantizationMixture.of(stories, type))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("blk.0.ffn_down.weight")
                        .hasMessageContaining("rows of 172 values")
                        .hasMessageContaining("F16, F32 or Q4_K_M");
            }
        }
    }

    @Test
    void seventyBModelsGiveAttnVQ5KAndEightExpertModelsQ8_0() {
        QuantizationMixture seventyB = new QuantizationMixture(llama(80, 8192, 28672, 1024, false),
                ExportType.Q4_K_M, new Model("llama", 80, 0, true));
        assertThat(seventyB.typeOf("blk.11.attn_v.weight")).isEqualTo(GgmlType.Q5_K);
        assertThat(seventyB.typeOf("blk.12.attn_v.weight")).isEqualTo(GgmlType.Q6_K);

        QuantizationMixture experts = new QuantizationMixture(llama(16, 2048, 8192, 512, false),
                ExportType.Q4_K_M, new Model("llama", 16, 8, false));
        assertThat(experts.typeOf("blk.5.attn_v.weight")).isEqualTo(GgmlType.Q8_0);
        assertThat(experts.typeOf("blk.5.attn_k.weight")).isEqualTo(GgmlType.Q8_0);
        assertThat(experts.typeOf("blk.5.attn_output.weight")).isEqualTo(GgmlType.Q5_K);
    }

    private static QuantizationMixture mixture(List<GgufTensorInfo> tensors, ExportType type, int blocks) {
        return new QuantizationMixture(tensors, type, new Model("llama", blocks, 0, false));
    }

    /** The F32 tensor table of a Llama, in the order convert_hf_to_gguf.py writes it. */
    private static List<GgufTensorInfo> llama(int blocks, int embedding, int feedForward, int kvWidth, boolean tied) {
        List<GgufTensorInfo> tensors = new ArrayList<>();
        int vocabulary = 1024;
        tensors.add(matrix("token_embd.weight", embedding, vocabulary));
        for (int i = 0; i < blocks; i++) {
            String blk = "blk." + i + ".";
            tensors.add(vector(blk + "attn_norm.weight", embedding));
            tensors.add(matrix(blk + "attn_q.weight", embedding, embedding));
            tensors.add(matrix(blk + "attn_k.weight", embedding, kvWidth));
            tensors.add(matrix(blk + "attn_v.weight", embedding, kvWidth));
            tensors.add(matrix(blk + "attn_output.weight", embedding, embedding));
            tensors.add(vector(blk + "ffn_norm.weight", embedding));
            tensors.add(matrix(blk + "ffn_gate.weight", embedding, feedForward));
            tensors.add(matrix(blk + "ffn_up.weight", embedding, feedForward));
            tensors.add(matrix(blk + "ffn_down.weight", feedForward, embedding));
        }
        tensors.add(vector("output_norm.weight", embedding));
        if (!tied) {
            tensors.add(matrix("output.weight", embedding, vocabulary));
        }
        return tensors;
    }

    private static GgufTensorInfo matrix(String name, long columns, long rows) {
        return new GgufTensorInfo(name, new long[] {columns, rows}, GgmlType.F32, 0);
    }

    private static GgufTensorInfo vector(String name, long n) {
        return new GgufTensorInfo(name, new long[] {n}, GgmlType.F32, 0);
    }
}
