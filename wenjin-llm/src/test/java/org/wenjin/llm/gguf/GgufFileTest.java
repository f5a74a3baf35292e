package org.wenjin.llm.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;

/** Reads the real files in the shared test data and checks the facts their README states. */
class GgufFileTest {

    static Path testdata(String name) {
        String dir = System.getProperty("wenjin.testdata");
        assertThat(dir).as("system property wenjin.testdata").isNotNull();
        return Path.of(dir, name);
    }

    @Test
    void stories260KHeaderMatchesItsReadme() throws IOException {
        Path path = testdata("stories260K.gguf");
        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.keys()).hasSize(19);
            assertThat(gguf.tensors()).hasSize(48);
            assertThat(gguf.alignment()).isEqualTo(32);
            assertThat(gguf.contains(GgufFile.ALIGNMENT_KEY)).isFalse();
            assertThat(gguf.dataOffset()).isEqualTo(14176);
            assertThat(gguf.fileSize()).isEqualTo(Files.size(path)).isEqualTo(1185376);
            long end = gguf.tensors().stream()
                    .mapToLong(t -> gguf.dataOffset() + t.offset() + t.byteSize()).max().orElseThrow();
            assertThat(end).as("tensor data ends exactly at end of file").isEqualTo(gguf.fileSize());
            assertThat(gguf.tensors()).allSatisfy(t -> assertThat(t.type()).isEqualTo(GgmlType.F32));
        }
    }

    @Test
    void stories260KMetadataMatchesItsReadme() throws IOException {
        try (GgufFile gguf = GgufFile.open(testdata("stories260K.gguf"))) {
            assertThat(gguf.architecture()).isEqualTo("llama");
            assertThat(gguf.getString("general.name")).isEqualTo("llama");
            assertThat(gguf.getInt("llama.embedding_length")).isEqualTo(64);
            assertThat(gguf.getInt("llama.feed_forward_length")).isEqualTo(172);
            assertThat(gguf.getInt("llama.block_count")).isEqualTo(5);
            assertThat(gguf.getInt("llama.attention.head_count")).isEqualTo(8);
            assertThat(gguf.getInt("llama.attention.head_count_kv")).isEqualTo(4);
            assertThat(gguf.getInt("llama.rope.dimension_count")).isEqualTo(8);
            assertThat(gguf.getInt("llama.context_length")).isEqualTo(2048);
            assertThat(gguf.getFloat("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
            assertThat(gguf.getFloat("llama.rope.freq_base", 10000f)).isEqualTo(10000f);
            assertThat(gguf.getBoolean("tokenizer.ggml.add_bos_token", true)).isTrue();
            assertThat(gguf.getString("tokenizer.ggml.model")).isEqualTo("llama");
            assertThat(gguf.getStringArray("tokenizer.ggml.tokens")).hasSize(512);
            assertThat(gguf.getFloatArray("tokenizer.ggml.scores")).hasSize(512);
            assertThat(gguf.getIntArray("tokenizer.ggml.token_type")).hasSize(512);
            assertThat(gguf.getInt("tokenizer.ggml.unknown_token_id")).isZero();
            assertThat(gguf.getInt("tokenizer.ggml.bos_token_id")).isEqualTo(1);
            assertThat(gguf.getInt("tokenizer.ggml.eos_token_id")).isEqualTo(2);
            assertThat(gguf.getLong("tokenizer.ggml.seperator_token_id")).isEqualTo(4294967295L);
            assertThat(gguf.getLong("tokenizer.ggml.padding_token_id")).isEqualTo(4294967295L);
        }
    }

    @Test
    void aUint32AboveIntRangeIsNotSilentlyWrappedIntoAnInt() throws IOException {
        try (GgufFile gguf = GgufFile.open(testdata("stories260K.gguf"))) {
            assertThatThrownBy(() -> gguf.getInt("tokenizer.ggml.seperator_token_id"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("tokenizer.ggml.seperator_token_id")
                    .hasMessageContaining("4294967295")
                    .hasMessageContaining("at byte " + gguf.valueOffset("tokenizer.ggml.seperator_token_id"));
        }
    }

    @Test
    void missingAndMistypedKeysAreNamed() throws IOException {
        try (GgufFile gguf = GgufFile.open(testdata("stories260K.gguf"))) {
            assertThatThrownBy(() -> gguf.getInt("llama.expert_count"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("no metadata key 'llama.expert_count'");
            assertThatThrownBy(() -> gguf.getString("llama.block_count"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("'llama.block_count' is a uint32, not a string");
            assertThatThrownBy(() -> gguf.getFloatArray("tokenizer.ggml.tokens"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("is an array of string, not an array of floats");
            assertThat(gguf.findString("general.name")).contains("llama");
            assertThat(gguf.findString("general.license")).isEmpty();
            assertThatThrownBy(() -> gguf.tensor("blk.9.attn_q.weight"))
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("no tensor 'blk.9.attn_q.weight'");
        }
    }

    @Test
    void stories260KTensorsHaveTheDocumentedShapes() throws IOException {
        try (GgufFile gguf = GgufFile.open(testdata("stories260K.gguf"))) {
            Map<String, long[]> expected = new java.util.LinkedHashMap<>();
            expected.put("token_embd.weight", new long[] {64, 512});
            expected.put("output_norm.weight", new long[] {64});
            expected.put("output.weight", new long[] {64, 512});
            for (int b = 0; b < 5; b++) {
                expected.put("blk." + b + ".attn_q.weight", new long[] {64, 64});
                expected.put("blk." + b + ".attn_k.weight", new long[] {64, 32});
                expected.put("blk." + b + ".attn_v.weight", new long[] {64, 32});
                expected.put("blk." + b + ".attn_output.weight", new long[] {64, 64});
                expected.put("blk." + b + ".attn_norm.weight", new long[] {64});
                expected.put("blk." + b + ".ffn_gate.weight", new long[] {64, 172});
                expected.put("blk." + b + ".ffn_down.weight", new long[] {172, 64});
                expected.put("blk." + b + ".ffn_up.weight", new long[] {64, 172});
                expected.put("blk." + b + ".ffn_norm.weight", new long[] {64});
            }
            assertThat(gguf.tensors()).hasSize(expected.size());
            expected.forEach((name, dims) -> assertThat(gguf.tensorInfo(name))
                    .as(name).hasValueSatisfying(t -> assertThat(t.dimensions()).containsExactly(dims)));
        }
    }

    @Test
    void tensorsReadTheMappedFloatsInPlace() throws IOException {
        try (GgufFile gguf = GgufFile.open(testdata("stories260K.gguf"))) {
            FloatTensor embeddings = gguf.tensor("token_embd.weight");
            FloatTensor output = gguf.tensor("output.weight");
            assertThat(embeddings.size()).isEqualTo(64 * 512);
            assertThat(embeddings.segment().isMapped()).isTrue();
            float[] a = new float[64 * 512];
            float[] b = new float[64 * 512];
            embeddings.copyTo(0, a, 0, a.length);
            output.copyTo(0, b, 0, b.length);
            assertThat(a).as("the README says output.weight equals token_embd").containsExactly(b);
            assertThat(java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] != 0f).count())
                    .as("non-zero weights").isGreaterThan(a.length / 2);
            float[] norm = new float[64];
            gguf.tensor("output_norm.weight").copyTo(0, norm, 0, 64);
            for (float v : norm) {
                assertThat(v).isFinite();
            }
        }
    }

    @Test
    void tensorsBeyondTwoGibibytesAreMappedAndRead(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // A sparse file: a 2.5 GiB F32 tensor of zeros ("pad") followed by a small one ("tail").
        Path path = dir.resolve("big.gguf");
        new GgufWriter()
                .addTensor("pad", GgmlType.F32, new long[] {32}, new float[32])
                .addTensor("tail", GgmlType.F32, new long[] {32}, new float[32])
                .write(path);
        long padBytes = 5L << 29;
        java.nio.ByteBuffer tailValues = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 32; i++) {
            tailValues.putFloat(i - 16.5f);
        }
        tailValues.flip();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path,
                java.nio.file.StandardOpenOption.WRITE)) {
            // Layout: "pad" ne0 at byte 39, "tail" offset at byte 87, data section at 96.
            ch.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, padBytes / 4), 39);
            ch.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, padBytes), 87);
            ch.truncate(96);
            ch.write(tailValues, 96 + padBytes);
        }
        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.fileSize()).isEqualTo(96 + padBytes + 128);
            FloatTensor pad = gguf.tensor("pad");
            assertThat(pad.size()).isEqualTo(padBytes / 4);
            assertThat(pad.getFloat(pad.size() - 1)).isZero();
            FloatTensor tail = gguf.tensor("tail");
            for (int i = 0; i < 32; i++) {
                assertThat(tail.getFloat(i)).isEqualTo(i - 16.5f);
            }
            float[] ones = new float[32];
            java.util.Arrays.fill(ones, 1f);
            assertThat(tail.dot(0, ones, 0, 32)).isEqualTo(496f - 32 * 16.5f);
        }
    }

    @Test
    void vocabularyOnlyFilesEndBeforeTheirAlignedDataOffset() throws IOException {
        Path path = testdata("ggml-vocab-llama-spm.gguf");
        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.tensors()).isEmpty();
            assertThat(gguf.fileSize()).isEqualTo(723869);
            assertThat(gguf.dataOffset()).isEqualTo(723872);
            assertThat(gguf.getString("tokenizer.ggml.model")).isEqualTo("llama");
            assertThat(gguf.getString("tokenizer.ggml.pre")).isEqualTo("default");
            assertThat(gguf.getStringArray("tokenizer.ggml.tokens")).hasSize(32000);
        }
        try (GgufFile gguf = GgufFile.open(testdata("ggml-vocab-deepseek-llm.gguf"))) {
            assertThat(gguf.getString("tokenizer.ggml.model")).isEqualTo("gpt2");
            assertThat(gguf.getString("tokenizer.ggml.pre")).isEqualTo("deepseek-llm");
            assertThat(gguf.getStringArray("tokenizer.ggml.tokens")).hasSize(102400);
            assertThat(gguf.getStringArray("tokenizer.ggml.merges")).hasSize(99757);
        }
        try (GgufFile gguf = GgufFile.open(testdata("ggml-vocab-baichuan.gguf"))) {
            assertThat(gguf.getString("general.name")).isEqualTo("Baichuan-7B");
            assertThat(gguf.contains("tokenizer.ggml.pre")).isFalse();
            String[] tokens = gguf.getStringArray("tokenizer.ggml.tokens");
            assertThat(tokens).hasSize(64000);
            long cjk = java.util.Arrays.stream(tokens)
                    .filter(t -> t.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN))
                    .count();
            assertThat(cjk).isGreaterThan(20000);
        }
    }
}
