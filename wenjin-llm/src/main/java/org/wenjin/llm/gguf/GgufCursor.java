package org.wenjin.llm.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads GGUF fields in order from a mapped file, checking every length and count against the bytes
 * that remain before trusting it, so a hostile file can neither over-read nor make us allocate more
 * than its own size.
 */
final class GgufCursor {

    /** "GGUF" read as a little-endian uint32. */
    static final long MAGIC = 0x46554747L;

    /** The largest Java array the JVM will allocate. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final MemorySegment file;
    private final long size;
    private long position;

    GgufCursor(Path path, MemorySegment file) {
        this.path = path;
        this.file = file;
        this.size = file.byteSize();
    }

    long position() {
        return position;
    }

    GgufFormatException error(long offset, String problem) {
        return new GgufFormatException(path, offset, problem);
    }

    private long take(long bytes, String field) {
        if (bytes > size - position) {
            throw error(position, "truncated: " + field + " needs " + bytes + " bytes but the file ends at byte " + size);
        }
        long at = position;
        position += bytes;
        return at;
    }

    int u8(String field) {
        return file.get(ValueLayout.JAVA_BYTE, take(1, field)) & 0xFF;
    }

    long u32(String field) {
        return file.get(INT, take(4, field)) & 0xFFFF_FFFFL;
    }

    /** A uint64 as its bits; values of 2^63 and above come back negative. */
    long u64(String field) {
        return file.get(LONG, take(8, field));
    }

    /**
     * A uint64 count of items that each occupy at least {@code minimumItemBytes}: it must fit in the
     * rest of the file and in a Java array.
     */
    long count(String field, long minimumItemBytes) {
        long at = position;
        long n = u64(field);
        long remaining = size - position;
        if (n < 0 || n > MAX_ARRAY || (minimumItemBytes > 0 && n > remaining / minimumItemBytes)) {
            throw error(at, "truncated or corrupt: " + field + " " + Long.toUnsignedString(n) + " needs at least "
                    + minimumItemBytes + " bytes each, but " + remaining + " bytes are left in the file");
        }
        return n;
    }

    String string(String field) {
        long at = position;
        long length = u64(field + " length");
        if (length < 0 || length > size - position || length > MAX_ARRAY) {
            throw error(at, "truncated or corrupt: " + field + " length " + Long.toUnsignedString(length)
                    + " exceeds the " + (size - position) + " bytes left in the file");
        }
        byte[] bytes = new byte[(int) length];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, take(length, field), bytes, 0, (int) length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A metadata value: a uint32 type id, then the value. */
    GgufValue value(String field) {
        long typeAt = position;
        long typeId = u32(field + " type");
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == null) {
            throw error(typeAt, field + " has unknown value type " + typeId);
        }
        if (type != GgufValueType.ARRAY) {
            return new GgufValue(type, null, scalar(type, field));
        }
        long elementAt = position;
        long elementId = u32(field + " array element type");
        GgufValueType elementType = GgufValueType.byId(elementId);
        if (elementType == null) {
            throw error(elementAt, field + " has unknown array element type " + elementId);
        }
        if (elementType == GgufValueType.ARRAY) {
            throw error(elementAt, field + " is an array of arrays, which GGUF readers do not support");
        }
        int n = (int) count(field + " array length", elementType.minimumBytes());
        return new GgufValue(GgufValueType.ARRAY, elementType, array(elementType, n, field));
    }

    private Object scalar(GgufValueType type, String field) {
        return switch (type) {
            case UINT8, INT8 -> file.get(ValueLayout.JAVA_BYTE, take(1, field));
            case UINT16, INT16 -> file.get(SHORT, take(2, field));
            case UINT32, INT32 -> file.get(INT, take(4, field));
            case UINT64, INT64 -> file.get(LONG, take(8, field));
            case FLOAT32 -> file.get(FLOAT, take(4, field));
            case FLOAT64 -> file.get(DOUBLE, take(8, field));
            case BOOL -> bool(field);
            case STRING -> string(field);
            case ARRAY -> throw new AssertionError();
        };
    }

    private boolean bool(String field) {
        long at = position;
        int b = u8(field);
        if (b > 1) {
            throw error(at, field + " bool is " + b + ", expected 0 or 1");
        }
        return b == 1;
    }

    private Object array(GgufValueType elementType, int n, String field) {
        String what = field + " array of " + n + " " + elementType.name().toLowerCase();
        return switch (elementType) {
            case UINT8, INT8 -> {
                byte[] a = new byte[n];
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, take(n, what), a, 0, n);
                yield a;
            }
            case UINT16, INT16 -> {
                short[] a = new short[n];
                MemorySegment.copy(file, SHORT, take(2L * n, what), a, 0, n);
                yield a;
            }
            case UINT32, INT32 -> {
                int[] a = new int[n];
                MemorySegment.copy(file, INT, take(4L * n, what), a, 0, n);
                yield a;
            }
            case UINT64, INT64 -> {
                long[] a = new long[n];
                MemorySegment.copy(file, LONG, take(8L * n, what), a, 0, n);
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                MemorySegment.copy(file, FLOAT, take(4L * n, what), a, 0, n);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                MemorySegment.copy(file, DOUBLE, take(8L * n, what), a, 0, n);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = bool(field + " element " + i);
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = string(field + " element " + i);
                }
                yield a;
            }
            case ARRAY -> throw new AssertionError();
        };
    }
}
