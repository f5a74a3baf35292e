package org.wenjin.llm.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;
import org.wenjin.llm.tensor.RandomBlocks;
import org.wenjin.llm.tensor.SeededRandom;

@ExtendWith(SeededRandom.class)
class GgufWriterTest {

    @TempDir
    Path dir;

    static Map<String, GgufValue> everyValueType() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("t.uint8", GgufValue.uint8(255));
        m.put("t.int8", GgufValue.int8(-128));
        m.put("t.uint16", GgufValue.uint16(65535));
        m.put("t.int16", GgufValue.int16(-32768));
        m.put("t.uint32", GgufValue.uint32(4294967295L));
        m.put("t.int32", GgufValue.int32(Integer.MIN_VALUE));
        m.put("t.uint64", GgufValue.uint64(-1L));
        m.put("t.int64", GgufValue.int64(Long.MIN_VALUE));
        m.put("t.float32", GgufValue.float32(-1.5e-5f));
        m.put("t.float64", GgufValue.float64(Math.PI));
        m.put("t.bool.true", GgufValue.bool(true));
        m.put("t.bool.false", GgufValue.bool(false));
        m.put("t.string", GgufValue.string("问津 ▁hello\n\u0000end"));
        m.put("t.string.empty", GgufValue.string(""));
        m.put("t.array.uint8", GgufValue.array(GgufValueType.UINT8, new byte[] {0, 1, (byte) 255}));
        m.put("t.array.int8", GgufValue.array(GgufValueType.INT8, new byte[] {-128, 127}));
        m.put("t.array.uint16", GgufValue.array(GgufValueType.UINT16, new short[] {(short) 65535}));
        m.put("t.array.int16", GgufValue.array(GgufValueType.INT16, new short[] {-2, 3}));
        m.put("t.array.uint32", GgufValue.array(GgufValueType.UINT32, new int[] {-1, 7}));
        m.put("t.array.int32", GgufValue.int32Array(-1, 0, 1));
        m.put("t.array.uint64", GgufValue.array(GgufValueType.UINT64, new long[] {-1L, 9}));
        m.put("t.array.int64", GgufValue.array(GgufValueType.INT64, new long[] {Long.MAX_VALUE}));
        m.put("t.array.float32", GgufValue.float32Array(0.25f, Float.NaN, Float.NEGATIVE_INFINITY));
        m.put("t.array.float64", GgufValue.array(GgufValueType.FLOAT64, new double[] {1e300, -0.0}));
        m.put("t.array.bool", GgufValue.array(GgufValueType.BOOL, new boolean[] {true, false, true}));
        m.put("t.array.string", GgufValue.stringArray("<s>", "", "▁的", "\uD83D\uDE01"));
        m.put("t.array.empty", GgufValue.array(GgufValueType.INT32, new int[0]));
        return m;
    }

    @Test
    void everyMetadataTypeAndEveryTensorTypeSurvivesARoundTrip(Random random) throws IOException {
        Map<String, GgufValue> metadata = everyValueType();
        GgufWriter writer = new GgufWriter().put("general.architecture", GgufValue.string("test")).putAll(metadata);
        Map<String, FloatTensor> written = new LinkedHashMap<>();
        for (GgmlType type : GgmlType.values()) {
            if (!type.hasKernels()) {
                continue;
            }
            int cols = 2 * Math.max(type.blockSize(), 32);
            int rows = 3;
            float[] values = RandomBlocks.gaussian(rows * cols, random);
            FloatTensor encoded = FloatTensor.quantize(type, values);
            written.put(type.name().toLowerCase() + ".weight", encoded);
            writer.addTensor(type.name().toLowerCase() + ".weight", new long[] {cols, rows}, encoded);
        }
        writer.addTensor("scalar", GgmlType.F32, new long[0], new float[] {7f});
        Path path = dir.resolve("all.gguf");
        writer.write(path);

        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.architecture()).isEqualTo("test");
            assertThat(gguf.keys()).hasSize(metadata.size() + 1);
            metadata.forEach((key, value) -> assertThat(gguf.get(key)).as(key).isEqualTo(value));
            assertThat(gguf.getLong("t.uint32")).isEqualTo(4294967295L);
            assertThat(gguf.getInt("t.int8")).isEqualTo(-128);
            assertThat(gguf.getInt("t.uint8")).isEqualTo(255);
            assertThat(gguf.getDouble("t.float64")).isEqualTo(Math.PI);
            assertThat(gguf.getLongArray("t.array.uint32")).containsExactly(4294967295L, 7L);
            assertThat(gguf.getString("t.string")).isEqualTo("问津 ▁hello\n\u0000end");

            assertThat(gguf.tensors()).hasSize(written.size() + 1);
            for (var e : written.entrySet()) {
                FloatTensor expected = e.getValue();
                FloatTensor actual = gguf.tensor(e.getKey());
                assertThat(actual.type()).isEqualTo(expected.type());
                assertThat(gguf.dataOffset() + gguf.tensorInfo(e.getKey()).orElseThrow().offset())
                        .as("tensor data is aligned").matches(o -> o % 32 == 0);
                float[] a = new float[(int) expected.size()];
                float[] b = new float[(int) expected.size()];
                expected.copyTo(0, a, 0, a.length);
                actual.copyTo(0, b, 0, b.length);
                assertThat(b).as(e.getKey()).containsExactly(a);
            }
            assertThat(gguf.tensor("scalar").getFloat(0)).isEqualTo(7f);
        }
    }

    @Test
    void tensorsOfTypesWithoutKernelsAreListedButNotComputedWith() throws IOException {
        Path path = dir.resolve("q2k.gguf");
        MemorySegment raw = MemorySegment.ofArray(new byte[2 * GgmlType.Q2_K.bytesPerBlock()]);
        new GgufWriter().addTensorData("q2", GgmlType.Q2_K, new long[] {256, 2}, raw).write(path);
        try (GgufFile gguf = GgufFile.open(path)) {
            GgufTensorInfo info = gguf.tensorInfo("q2").orElseThrow();
            assertThat(info.type()).isEqualTo(GgmlType.Q2_K);
            assertThat(info.byteSize()).isEqualTo(2 * 84);
            assertThat(gguf.tensorData("q2").byteSize()).isEqualTo(2 * 84);
            assertThatThrownBy(() -> gguf.tensor("q2"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("tensor 'q2' has type Q2_K");
        }
    }

    @Test
    void shapesThatDoNotFitTheDataOrTheBlocksAreRefused() {
        GgufWriter writer = new GgufWriter();
        assertThatThrownBy(() -> writer.addTensor("w", GgmlType.F32, new long[] {4, 2}, new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 values) but 7");
        assertThatThrownBy(() -> writer.addTensor("w", GgmlType.Q4_K, new long[] {128, 2}, new float[256]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a whole number of Q4_K blocks");
        assertThatThrownBy(() -> writer.put(GgufFile.ALIGNMENT_KEY, GgufValue.uint32(24)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    }

    @Test
    void aCustomAlignmentPadsTheDataSectionAndEveryTensor(Random random) throws IOException {
        Path path = dir.resolve("aligned.gguf");
        new GgufWriter()
                .put(GgufFile.ALIGNMENT_KEY, GgufValue.uint32(256))
                .addTensor("a", GgmlType.F32, new long[] {3}, new float[] {1, 2, 3})
                .addTensor("b", GgmlType.F16, new long[] {5}, RandomBlocks.gaussian(5, random))
                .write(path);
        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.alignment()).isEqualTo(256);
            assertThat(gguf.dataOffset() % 256).isZero();
            assertThat(gguf.tensorInfo("b").orElseThrow().offset()).isEqualTo(256);
            assertThat(gguf.fileSize()).isEqualTo(gguf.dataOffset() + 512);
            float[] a = new float[3];
            gguf.tensor("a").copyTo(0, a, 0, 3);
            assertThat(a).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aFileWithoutTensorsHasNoPaddingAfterItsMetadata() throws IOException {
        Path path = dir.resolve("vocab.gguf");
        new GgufWriter().put("tokenizer.ggml.tokens", GgufValue.stringArray("a", "bc")).write(path);
        long size = Files.size(path);
        assertThat(size).isEqualTo(24 + 8 + "tokenizer.ggml.tokens".length() + 4 + 4 + 8 + (8 + 1) + (8 + 2));
        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.getStringArray("tokenizer.ggml.tokens")).containsExactly("a", "bc");
            assertThat(gguf.dataOffset()).isGreaterThanOrEqualTo(size).isEqualTo((size + 31) / 32 * 32);
        }
    }

    @Test
    void rewritingARealFileKeepsItsMetadataAndTensors() throws IOException {
        Path source = GgufFileTest.testdata("stories260K.gguf");
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile original = GgufFile.open(source)) {
            GgufWriter writer = new GgufWriter().putAll(original.metadata());
            for (GgufTensorInfo t : original.tensors()) {
                writer.addTensorData(t.name(), t.type(), t.dimensions(), original.tensorData(t.name()));
            }
            writer.write(copy);
        }
        assertThat(Arrays.mismatch(Files.readAllBytes(source), Files.readAllBytes(copy)))
                .as("byte-identical copy").isEqualTo(-1);
    }
}
