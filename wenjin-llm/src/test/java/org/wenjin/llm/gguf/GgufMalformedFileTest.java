package org.wenjin.llm.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.tensor.GgmlType;

/**
 * Broken files fail with a {@link GgufFormatException} that names the field and its byte offset.
 *
 * <p>The base file, written by {@link GgufWriter}, has this layout: header (magic 0, version 4,
 * tensor count 8, key count 16); key "k" (length 24, bytes 32, type 33, value 37: uint32 7); key
 * "s" (length 41, bytes 49, type 50, string length 54, bytes 62..64 "abc"); tensor "w" (name length
 * 65, name 73, dims count 74, ne0 78, ne1 86, type 94, offset 98); data section at 128: 2 x 32 F32.
 */
class GgufMalformedFileTest {

    @TempDir
    Path dir;

    private byte[] base;

    @BeforeEach
    void writeBaseFile() throws IOException {
        Path path = dir.resolve("base.gguf");
        new GgufWriter()
                .put("k", GgufValue.uint32(7))
                .put("s", GgufValue.string("abc"))
                .addTensor("w", GgmlType.F32, new long[] {32, 2}, new float[64])
                .write(path);
        base = Files.readAllBytes(path);
        assertThat(base).hasSize(128 + 256);
        try (GgufFile gguf = GgufFile.open(path)) {
            assertThat(gguf.dataOffset()).isEqualTo(128);
            assertThat(gguf.valueOffset("s")).as("a value starts at its type").isEqualTo(50);
        }
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes) throws IOException {
        Path path = Files.write(dir.resolve("broken.gguf"), bytes);
        return assertThatThrownBy(() -> GgufFile.open(path).close())
                .isInstanceOf(GgufFormatException.class)
                .hasMessageStartingWith(path.toString());
    }

    private byte[] with(int offset, long value, int width) {
        byte[] copy = base.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        switch (width) {
            case 4 -> b.putInt(offset, (int) value);
            case 8 -> b.putLong(offset, value);
            default -> copy[offset] = (byte) value;
        }
        return copy;
    }

    @Test
    void badMagic() throws IOException {
        byte[] bytes = base.clone();
        System.arraycopy("GGML".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        assertRejected(bytes).hasMessageContaining("at byte 0").hasMessageContaining("bad magic");
    }

    @Test
    void unsupportedVersions() throws IOException {
        assertRejected(with(4, 1, 4)).hasMessageContaining("at byte 4").hasMessageContaining("version 1");
        assertRejected(with(4, 4, 4)).hasMessageContaining("version 4");
        assertRejected(with(4, 0x0300_0000, 4)).hasMessageContaining("big-endian");
    }

    @Test
    void everyTruncationIsReportedWithTheFieldItCut() throws IOException {
        for (int length = 0; length < base.length; length++) {
            assertRejected(Arrays.copyOf(base, length)).hasMessageContaining("truncated");
        }
        assertRejected(Arrays.copyOf(base, 60)).hasMessageContaining("at byte 54").hasMessageContaining("metadata 's'");
        assertRejected(Arrays.copyOf(base, 100)).hasMessageContaining("at byte 98").hasMessageContaining("tensor 'w' data offset");
    }

    @Test
    void absurdCountsAndLengths() throws IOException {
        assertRejected(with(8, Long.MAX_VALUE, 8)).hasMessageContaining("at byte 8").hasMessageContaining("tensor count");
        assertRejected(with(8, -1, 8)).hasMessageContaining("tensor count 18446744073709551615");
        assertRejected(with(16, 1L << 40, 8)).hasMessageContaining("at byte 16").hasMessageContaining("key/value count");
        assertRejected(with(24, 1L << 62, 8)).hasMessageContaining("at byte 24").hasMessageContaining("key of metadata entry 0");
        assertRejected(with(54, Long.MIN_VALUE, 8)).hasMessageContaining("at byte 54").hasMessageContaining("length 9223372036854775808");
        assertRejected(with(78, -5, 8)).hasMessageContaining("at byte 78").hasMessageContaining("dimension 0");
        assertRejected(with(86, 1L << 62, 8)).hasMessageContaining("at byte 86").hasMessageContaining("more than 2^63-1 elements");
        assertRejected(with(74, 5, 4)).hasMessageContaining("at byte 74").hasMessageContaining("5 dimensions");
    }

    @Test
    void unknownTypes() throws IOException {
        assertRejected(with(33, 13, 4)).hasMessageContaining("at byte 33").hasMessageContaining("unknown value type 13");
        assertRejected(with(94, 4, 4)).hasMessageContaining("at byte 94").hasMessageContaining("unknown ggml type id 4");
        assertRejected(with(94, 1000, 4)).hasMessageContaining("unknown ggml type id 1000");
    }

    @Test
    void tensorDataOutsideTheFileOrOverlapping() throws IOException {
        assertRejected(with(98, 256, 8)).hasMessageContaining("tensor 'w'").hasMessageContaining("past the end");
        assertRejected(with(98, 16, 8)).hasMessageContaining("at byte 98").hasMessageContaining("not a multiple of the alignment 32");
        assertRejected(with(98, -32, 8)).hasMessageContaining("at byte 98");
        // A second tensor over the first one's bytes.
        Path path = dir.resolve("two.gguf");
        new GgufWriter()
                .addTensor("a", GgmlType.F32, new long[] {32}, new float[32])
                .addTensor("b", GgmlType.F32, new long[] {32}, new float[32])
                .write(path);
        byte[] two = Files.readAllBytes(path);
        // Tensor "b": name length at 24 + 8+1+4+8+4+8 = 57, so its offset field is at 57 + 8+1+4+8+4 = 82.
        ByteBuffer.wrap(two).order(ByteOrder.LITTLE_ENDIAN).putLong(82, 96);
        assertRejected(two).hasMessageContaining("tensor 'b' data overlaps tensor 'a'");
    }

    private byte[] written(GgufWriter writer) throws IOException {
        Path path = dir.resolve("other.gguf");
        writer.write(path);
        return Files.readAllBytes(path);
    }

    @Test
    void aBoolThatIsNeitherZeroNorOne() throws IOException {
        byte[] bytes = written(new GgufWriter().put("b", GgufValue.bool(true)));
        bytes[37] = 2;
        assertRejected(bytes).hasMessageContaining("at byte 37").hasMessageContaining("expected 0 or 1");
    }

    @Test
    void duplicateKeysAndTensorNames() throws IOException {
        byte[] keys = written(new GgufWriter().put("k", GgufValue.uint32(1)).put("j", GgufValue.uint32(2)));
        keys[49] = 'k';
        assertRejected(keys).hasMessageContaining("at byte 41").hasMessageContaining("duplicate metadata key 'k'");
        byte[] tensors = written(new GgufWriter()
                .addTensor("a", GgmlType.F32, new long[] {32}, new float[32])
                .addTensor("b", GgmlType.F32, new long[] {32}, new float[32]));
        tensors[65] = 'a';
        assertRejected(tensors).hasMessageContaining("at byte 57").hasMessageContaining("duplicate tensor name 'a'");
    }

    @Test
    void anAlignmentThatIsNotAPowerOfTwo() throws IOException {
        byte[] bytes = written(new GgufWriter().put(GgufFile.ALIGNMENT_KEY, GgufValue.uint32(64)));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(53, 48);
        assertRejected(bytes).hasMessageContaining("at byte 49").hasMessageContaining("general.alignment must be a power of two");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(53, 0);
        assertRejected(bytes).hasMessageContaining("general.alignment");
    }

    @Test
    void arraysOfArrays() throws IOException {
        byte[] bytes = written(new GgufWriter().put("a", GgufValue.int32Array(1, 2)));
        bytes[37] = 9;
        assertRejected(bytes).hasMessageContaining("at byte 37").hasMessageContaining("array of arrays");
    }

    @Test
    void rowsThatAreNotWholeBlocks() throws IOException {
        byte[] bytes = written(new GgufWriter().addTensor("w", GgmlType.Q8_0, new long[] {32, 1}, new float[32]));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(37, 16).putLong(45, 2);
        assertRejected(bytes).hasMessageContaining("tensor 'w' rows of 16 values are not a whole number of Q8_0 blocks");
    }
}
