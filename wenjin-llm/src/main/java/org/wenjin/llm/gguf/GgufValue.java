package org.wenjin.llm.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One GGUF metadata value: its type and its Java representation.
 *
 * <p>Integers keep their file width: (u)int8 is a {@link Byte}, (u)int16 a {@link Short}, (u)int32 an
 * {@link Integer} and (u)int64 a {@link Long}, holding the raw bits; the {@code as...} methods apply
 * the unsigned reading where the type is unsigned. Arrays hold a primitive array of the same width
 * ({@code byte[]}, {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]},
 * {@code boolean[]}) or a {@code String[]}; {@code elementType} is null unless {@code type} is
 * {@link GgufValueType#ARRAY}. Arrays of arrays are not supported, as in llama.cpp.
 *
 * <p>The {@code as...} conversions throw {@link IllegalStateException} when the value has another
 * type or does not fit the requested one.
 */
public record GgufValue(GgufValueType type, GgufValueType elementType, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type == GgufValueType.ARRAY) {
            Objects.requireNonNull(elementType, "elementType");
            if (elementType == GgufValueType.ARRAY) {
                throw new IllegalArgumentException("arrays of arrays are not supported");
            }
            Class<?> expected = arrayClass(elementType);
            if (value.getClass() != expected) {
                throw new IllegalArgumentException("an array of " + elementType + " must be a "
                        + expected.getSimpleName() + ", not a " + value.getClass().getSimpleName());
            }
            if (value instanceof String[] strings) {
                for (int i = 0; i < strings.length; i++) {
                    Objects.requireNonNull(strings[i], "string array element " + i);
                }
            }
        } else {
            if (elementType != null) {
                throw new IllegalArgumentException("a " + type + " value has no element type");
            }
            Class<?> expected = scalarClass(type);
            if (value.getClass() != expected) {
                throw new IllegalArgumentException("a " + type + " value must be a "
                        + expected.getSimpleName() + ", not a " + value.getClass().getSimpleName());
            }
        }
    }

    public static GgufValue uint8(int v) {
        return new GgufValue(GgufValueType.UINT8, null, (byte) checkRange(v, 0, 0xFF));
    }

    public static GgufValue int8(int v) {
        return new GgufValue(GgufValueType.INT8, null, (byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE));
    }

    public static GgufValue uint16(int v) {
        return new GgufValue(GgufValueType.UINT16, null, (short) checkRange(v, 0, 0xFFFF));
    }

    public static GgufValue int16(int v) {
        return new GgufValue(GgufValueType.INT16, null, (short) checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE));
    }

    public static GgufValue uint32(long v) {
        return new GgufValue(GgufValueType.UINT32, null, (int) checkRange(v, 0, 0xFFFF_FFFFL));
    }

    public static GgufValue int32(int v) {
        return new GgufValue(GgufValueType.INT32, null, v);
    }

    /** A uint64 from its bits: negative longs stand for values of 2^63 and above. */
    public static GgufValue uint64(long bits) {
        return new GgufValue(GgufValueType.UINT64, null, bits);
    }

    public static GgufValue int64(long v) {
        return new GgufValue(GgufValueType.INT64, null, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    public static GgufValue float64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, null, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufValueType.STRING, null, v);
    }

    /**
     * An array of {@code elementType}; {@code javaArray} is copied and must be the primitive array of
     * that type's width (see the class comment) or a {@code String[]}.
     */
    public static GgufValue array(GgufValueType elementType, Object javaArray) {
        return new GgufValue(GgufValueType.ARRAY, elementType, copyOf(javaArray));
    }

    public static GgufValue stringArray(String... values) {
        return array(GgufValueType.STRING, values);
    }

    public static GgufValue float32Array(float... values) {
        return array(GgufValueType.FLOAT32, values);
    }

    public static GgufValue int32Array(int... values) {
        return array(GgufValueType.INT32, values);
    }

    /** The integer value, read unsigned for unsigned types. */
    public long asLong() {
        if (!type.isInteger()) {
            throw mismatch("an integer");
        }
        long bits = ((Number) value).longValue();
        return switch (type) {
            case UINT8 -> bits & 0xFF;
            case UINT16 -> bits & 0xFFFF;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case UINT64 -> {
                if (bits < 0) {
                    throw new IllegalStateException("uint64 value " + Long.toUnsignedString(bits)
                            + " does not fit in a long");
                }
                yield bits;
            }
            default -> bits;
        };
    }

    /** The integer value, if it fits in an int (uint32 4294967295 does not: use {@link #asLong()}). */
    public int asInt() {
        long v = asLong();
        if (v != (int) v) {
            throw new IllegalStateException(type.name().toLowerCase() + " value " + v + " does not fit in an int");
        }
        return (int) v;
    }

    /** A float32, float64 (rounded to float) or integer value as a float. */
    public float asFloat() {
        return (float) asDouble();
    }

    /** A float32, float64 or integer value as a double. */
    public double asDouble() {
        return switch (type) {
            case FLOAT32 -> (Float) value;
            case FLOAT64 -> (Double) value;
            case UINT64 -> ((Long) value) < 0 ? unsignedToDouble((Long) value) : (Long) value;
            default -> {
                if (!type.isInteger()) {
                    throw mismatch("a number");
                }
                yield asLong();
            }
        };
    }

    public boolean asBoolean() {
        if (type != GgufValueType.BOOL) {
            throw mismatch("a bool");
        }
        return (Boolean) value;
    }

    public String asString() {
        if (type != GgufValueType.STRING) {
            throw mismatch("a string");
        }
        return (String) value;
    }

    /** Number of elements of an array value. */
    public int arrayLength() {
        if (type != GgufValueType.ARRAY) {
            throw mismatch("an array");
        }
        return java.lang.reflect.Array.getLength(value);
    }

    /** A copy of an array of strings. */
    public String[] asStringArray() {
        requireArray(GgufValueType.STRING, "an array of strings");
        return ((String[]) value).clone();
    }

    /** An array of float32 (copied) or float64 (rounded to float) values. */
    public float[] asFloatArray() {
        requireArray(null, "an array of floats");
        if (value instanceof float[] floats) {
            return floats.clone();
        }
        if (value instanceof double[] doubles) {
            float[] result = new float[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                result[i] = (float) doubles[i];
            }
            return result;
        }
        throw mismatch("an array of floats");
    }

    /** An array of integers of any type whose every element fits in an int. */
    public int[] asIntArray() {
        long[] longs = asLongArray();
        int[] result = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            if (longs[i] != (int) longs[i]) {
                throw new IllegalStateException("element " + i + " (" + longs[i] + ") of an array of "
                        + elementType + " does not fit in an int");
            }
            result[i] = (int) longs[i];
        }
        return result;
    }

    /** An array of integers of any type, read unsigned for unsigned types. */
    public long[] asLongArray() {
        requireArray(null, "an array of integers");
        if (!elementType.isInteger()) {
            throw mismatch("an array of integers");
        }
        int n = arrayLength();
        long[] result = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = switch (value) {
                case byte[] a -> elementType.isUnsigned() ? a[i] & 0xFF : a[i];
                case short[] a -> elementType.isUnsigned() ? a[i] & 0xFFFF : a[i];
                case int[] a -> elementType.isUnsigned() ? a[i] & 0xFFFF_FFFFL : a[i];
                case long[] a -> a[i];
                default -> throw new AssertionError(value.getClass());
            };
            if (elementType == GgufValueType.UINT64 && bits < 0) {
                throw new IllegalStateException("element " + i + " (" + Long.toUnsignedString(bits)
                        + ") of an array of uint64 does not fit in a long");
            }
            result[i] = bits;
        }
        return result;
    }

    /** A copy of an array of bools. */
    public boolean[] asBooleanArray() {
        requireArray(GgufValueType.BOOL, "an array of bools");
        return ((boolean[]) value).clone();
    }

    /** The raw Java value; arrays are returned without copying, so callers must not change them. */
    @Override
    public Object value() {
        return value;
    }

    /** How this value is described in messages, for example "uint32" or "array of string". */
    public String typeName() {
        return type == GgufValueType.ARRAY
                ? "array of " + elementType.name().toLowerCase()
                : type.name().toLowerCase();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufValue other
                && type == other.type
                && elementType == other.elementType
                && Objects.deepEquals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, elementType, Arrays.deepHashCode(new Object[] {value}));
    }

    @Override
    public String toString() {
        if (type != GgufValueType.ARRAY) {
            return typeName() + " " + (type.isUnsigned() && type != GgufValueType.UINT64 ? asLong()
                    : type == GgufValueType.UINT64 ? Long.toUnsignedString((Long) value) : value);
        }
        return typeName() + "[" + arrayLength() + "]";
    }

    private void requireArray(GgufValueType element, String wanted) {
        if (type != GgufValueType.ARRAY || (element != null && elementType != element)) {
            throw mismatch(wanted);
        }
    }

    private IllegalStateException mismatch(String wanted) {
        return new IllegalStateException("is " + article(typeName()) + ", not " + wanted);
    }

    private static String article(String word) {
        boolean vowelSound = "aeio".indexOf(word.charAt(0)) >= 0; // "a uint32", "an int32"
        return (vowelSound ? "an " : "a ") + word;
    }

    private static long checkRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private static double unsignedToDouble(long bits) {
        return (double) (bits >>> 1) * 2.0 + (bits & 1);
    }

    static Class<?> scalarClass(GgufValueType type) {
        return switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> throw new IllegalArgumentException("ARRAY is not a scalar type");
        };
    }

    static Class<?> arrayClass(GgufValueType elementType) {
        return switch (elementType) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> throw new IllegalArgumentException("arrays of arrays are not supported");
        };
    }

    private static Object copyOf(Object javaArray) {
        return switch (javaArray) {
            case byte[] a -> a.clone();
            case short[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case boolean[] a -> a.clone();
            case String[] a -> a.clone();
            default -> throw new IllegalArgumentException("not a GGUF array: " + javaArray.getClass().getSimpleName());
        };
    }
}
