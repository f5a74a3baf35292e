package org.wenjin.llm.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.wenjin.llm.tensor.FloatTensor;
import org.wenjin.llm.tensor.GgmlType;

/**
 * Writes GGUF version 3 files: metadata in insertion order, then the tensor table and the tensors'
 * data, each tensor aligned to {@code general.alignment} (default 32) as docs/gguf.md requires.
 */
public final class GgufWriter {

    private final LinkedHashMap<String, GgufValue> metadata = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

    private record Tensor(String name, long[] dimensions, GgmlType type, MemorySegment data) {}

    /** Sets {@code key} to {@code value}, replacing an earlier value but keeping its position. */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.equals(GgufFile.ALIGNMENT_KEY)) {
            alignmentOf(value);
        }
        metadata.put(key, value);
        return this;
    }

    /** Copies all of {@code values}, for example another file's {@link GgufFile#metadata()}. */
    public GgufWriter putAll(Map<String, GgufValue> values) {
        values.forEach(this::put);
        return this;
    }

    /**
     * Adds tensor {@code name} holding {@code values} encoded as {@code type} (quantized where the
     * type is quantized).
     *
     * @param dimensions sizes in ggml order, ne0 (the row length) first; their product must be
     *     {@code values.length}, and ne0 a multiple of the type's block size
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dimensions, float[] values) {
        checkShape(name, type, dimensions, values.length);
        return addTensor(name, dimensions, FloatTensor.quantize(type, values));
    }

    /** Adds tensor {@code name} with the stored bytes of {@code tensor}. */
    public GgufWriter addTensor(String name, long[] dimensions, FloatTensor tensor) {
        return addTensorData(name, tensor.type(), dimensions, tensor.segment());
    }

    /**
     * Adds tensor {@code name} from bytes already encoded as {@code type}, which may be a type without
     * kernels. The bytes are read when the file is written.
     */
    public GgufWriter addTensorData(String name, GgmlType type, long[] dimensions, MemorySegment data) {
        Objects.requireNonNull(name, "name");
        long elements = checkShape(name, type, dimensions, -1);
        if (data.byteSize() != type.byteSize(elements)) {
            throw new IllegalArgumentException("tensor '" + name + "': " + elements + " values of " + type
                    + " take " + type.byteSize(elements) + " bytes, not " + data.byteSize());
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("duplicate tensor '" + name + "'");
        }
        tensors.put(name, new Tensor(name, dimensions.clone(), type, data));
        return this;
    }

    /** Writes the file, replacing any file at {@code path}. */
    public void write(Path path) throws IOException {
        int alignment = metadata.containsKey(GgufFile.ALIGNMENT_KEY)
                ? alignmentOf(metadata.get(GgufFile.ALIGNMENT_KEY))
                : GgufFile.DEFAULT_ALIGNMENT;
        Header header = new Header();
        header.u32(GgufCursor.MAGIC);
        header.u32(3);
        header.u64(tensors.size());
        header.u64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            header.string(e.getKey());
            header.value(e.getValue());
        }
        long offset = 0;
        for (Tensor t : tensors.values()) {
            header.string(t.name());
            header.u32(t.dimensions().length);
            for (long d : t.dimensions()) {
                header.u64(d);
            }
            header.u32(t.type().id());
            header.u64(offset);
            offset = align(offset + t.data().byteSize(), alignment);
        }
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] bytes = header.toByteArray();
            writeFully(out, ByteBuffer.wrap(bytes));
            long position = bytes.length;
            if (!tensors.isEmpty()) {
                position = pad(out, position, alignment);
            }
            for (Tensor t : tensors.values()) {
                MemorySegment data = t.data();
                for (long at = 0; at < data.byteSize(); at += 1 << 30) {
                    long chunk = Math.min(1 << 30, data.byteSize() - at);
                    writeFully(out, data.asSlice(at, chunk).asByteBuffer());
                }
                position = pad(out, position + data.byteSize(), alignment);
            }
        }
    }

    private static long checkShape(String name, GgmlType type, long[] dimensions, long expectedElements) {
        if (dimensions.length > 4) {
            throw new IllegalArgumentException("tensor '" + name + "' has more than 4 dimensions");
        }
        long elements = 1;
        for (long d : dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension");
            }
            elements = Math.multiplyExact(elements, d);
        }
        if (dimensions.length > 0 && dimensions[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' rows of " + dimensions[0]
                    + " values are not a whole number of " + type + " blocks of " + type.blockSize());
        }
        if (expectedElements >= 0 && elements != expectedElements) {
            throw new IllegalArgumentException("tensor '" + name + "' has dimensions " + Arrays.toString(dimensions)
                    + " (" + elements + " values) but " + expectedElements + " values were given");
        }
        return elements;
    }

    private static int alignmentOf(GgufValue value) {
        long a = value.type().isInteger() ? value.asLong() : 0;
        if (a <= 0 || a > (1 << 30) || (a & (a - 1)) != 0) {
            throw new IllegalArgumentException(GgufFile.ALIGNMENT_KEY + " must be a power of two, not " + value);
        }
        return (int) a;
    }

    private static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static long pad(FileChannel out, long position, int alignment) throws IOException {
        long aligned = align(position, alignment);
        if (aligned > position) {
            writeFully(out, ByteBuffer.allocate((int) (aligned - position)));
        }
        return aligned;
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** The header, metadata and tensor table, assembled in memory. */
    private static final class Header extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u8(int v) {
            write(v);
        }

        void u16(int v) {
            scratch.clear();
            write(scratch.putShort((short) v).array(), 0, 2);
        }

        void u32(long v) {
            scratch.clear();
            write(scratch.putInt((int) v).array(), 0, 4);
        }

        void u64(long v) {
            scratch.clear();
            write(scratch.putLong(v).array(), 0, 8);
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            write(bytes, 0, bytes.length);
        }

        void value(GgufValue v) {
            u32(v.type().id());
            if (v.type() == GgufValueType.ARRAY) {
                u32(v.elementType().id());
                u64(v.arrayLength());
                array(v.elementType(), v.value());
            } else {
                scalar(v.type(), v.value());
            }
        }

        private void scalar(GgufValueType type, Object value) {
            switch (type) {
                case UINT8, INT8 -> u8((Byte) value);
                case UINT16, INT16 -> u16((Short) value);
                case UINT32, INT32 -> u32((Integer) value);
                case UINT64, INT64 -> u64((Long) value);
                case FLOAT32 -> u32(Float.floatToRawIntBits((Float) value));
                case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) value));
                case BOOL -> u8((Boolean) value ? 1 : 0);
                case STRING -> string((String) value);
                case ARRAY -> throw new AssertionError();
            }
        }

        private void array(GgufValueType elementType, Object array) {
            switch (array) {
                case byte[] a -> write(a, 0, a.length);
                case short[] a -> { for (short v : a) u16(v); }
                case int[] a -> { for (int v : a) u32(v); }
                case long[] a -> { for (long v : a) u64(v); }
                case float[] a -> { for (float v : a) u32(Float.floatToRawIntBits(v)); }
                case double[] a -> { for (double v : a) u64(Double.doubleToRawLongBits(v)); }
                case boolean[] a -> { for (boolean v : a) u8(v ? 1 : 0); }
                case String[] a -> { for (String v : a) string(v); }
                default -> throw new AssertionError(elementType);
            }
        }
    }
}
