package org.wenjin.llm.model;

import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.wenjin.llm.tensor.HalfFloats;

/**
 * The keys and values of every position seen so far, one pair of arrays per layer, so each new token
 * attends to the past without recomputing it. Position p of layer l occupies key entries
 * {@code [p * keyWidth, (p + 1) * keyWidth)} of that layer, and likewise for values.
 *
 * <p>Entries are stored as F32 or, at half the memory, F16 ({@link Precision}); attention reads them through
 * {@link #keyDot} and {@link #addValue}, which convert halves with vectors as they go ({@link HalfFloats}).
 *
 * <p>The cache holds at most {@code capacity} positions (the session's context size). Storage grows by
 * doubling as positions are reserved, so a session opened with a 32K context costs memory only for what it
 * uses; in steady state a token allocates nothing.
 */
public final class KvCache {
    private static final int FIRST_ALLOCATION = 256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
    /** As many halves as FLOATS has floats, in half the bits. */
    private static final VectorSpecies<Short> HALVES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));

    /** How entries are stored. */
    public enum Precision {
        /** 4 bytes an entry, exactly the computed keys and values. */
        F32,
        /** 2 bytes an entry, rounded to half precision as llama.cpp's default F16 cache is. */
        F16;

        /** {@code f32} or {@code f16}, in any case. */
        public static Precision parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("KV cache precision must be f32 or f16, not '" + name + "'");
            }
        }
    }

    private static volatile Precision defaultPrecision = Precision.parse(System.getProperty("wenjin.llm.kvcache", "f32"));

    private final Precision precision;
    private final int keyWidth;
    private final int valueWidth;
    private final int capacity;
    private final float[][] keys;
    private final float[][] values;
    private final short[][] halfKeys;
    private final short[][] halfValues;
    private int allocated;

    /** A cache of the {@linkplain #defaultPrecision() default precision}. */
    public KvCache(int layers, int keyWidth, int valueWidth, int capacity) {
        this(layers, keyWidth, valueWidth, capacity, defaultPrecision);
    }

    public KvCache(int layers, int keyWidth, int valueWidth, int capacity, Precision precision) {
        if (layers <= 0 || keyWidth <= 0 || valueWidth <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("KV cache needs positive sizes, got layers=" + layers
                    + " keyWidth=" + keyWidth + " valueWidth=" + valueWidth + " capacity=" + capacity);
        }
        long largest = (long) capacity * Math.max(keyWidth, valueWidth);
        if (largest > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a context of " + capacity + " positions of width "
                    + Math.max(keyWidth, valueWidth) + " does not fit one Java array per layer");
        }
        this.precision = precision;
        this.keyWidth = keyWidth;
        this.valueWidth = valueWidth;
        this.capacity = capacity;
        boolean half = precision == Precision.F16;
        this.keys = half ? null : new float[layers][0];
        this.values = half ? null : new float[layers][0];
        this.halfKeys = half ? new short[layers][0] : null;
        this.halfValues = half ? new short[layers][0] : null;
    }

    /**
     * The precision of caches made without one: {@code -Dwenjin.llm.kvcache=f16|f32}, F32 when unset, or what
     * {@link #setDefaultPrecision} set.
     */
    public static Precision defaultPrecision() {
        return defaultPrecision;
    }

    /** Sets the precision of caches made from now on without one (sessions opened later, in this process). */
    public static void setDefaultPrecision(Precision precision) {
        defaultPrecision = precision;
    }

    public Precision precision() {
        return precision;
    }

    /** How many positions the cache can hold: the context size of its sequence. */
    public int capacity() {
        return capacity;
    }

    public int keyWidth() {
        return keyWidth;
    }

    public int valueWidth() {
        return valueWidth;
    }

    /** Makes room for positions {@code [0, positions)}; keeps what is stored. */
    public void reserve(int positions) {
        if (positions > capacity) {
            throw new IllegalArgumentException("position " + (positions - 1) + " is beyond the context of "
                    + capacity + " positions");
        }
        if (positions <= allocated) {
            return;
        }
        int grown = Math.max(positions, Math.min(capacity, Math.max(FIRST_ALLOCATION, 2 * allocated)));
        for (int layer = 0; layer < layerCount(); layer++) {
            if (precision == Precision.F16) {
                halfKeys[layer] = Arrays.copyOf(halfKeys[layer], grown * keyWidth);
                halfValues[layer] = Arrays.copyOf(halfValues[layer], grown * valueWidth);
            } else {
                keys[layer] = Arrays.copyOf(keys[layer], grown * keyWidth);
                values[layer] = Arrays.copyOf(values[layer], grown * valueWidth);
            }
        }
        allocated = grown;
    }

    private int layerCount() {
        return precision == Precision.F16 ? halfKeys.length : keys.length;
    }

    /** Positions storage currently exists for (at least what was reserved). */
    public int allocated() {
        return allocated;
    }

    /** Bytes the stored entries take now (every layer, keys and values). */
    public long bytes() {
        long entries = (long) allocated * (keyWidth + valueWidth) * layerCount();
        return entries * (precision == Precision.F16 ? 2 : 4);
    }

    public void store(int layer, int position, float[] key, float[] value) {
        store(layer, position, key, 0, value, 0);
    }

    /** Stores {@code key[keyOffset, + keyWidth)} and {@code value[valueOffset, + valueWidth)} at position. */
    public void store(int layer, int position, float[] key, int keyOffset, float[] value, int valueOffset) {
        if (precision == Precision.F16) {
            short[] k = halfKeys[layer];
            short[] v = halfValues[layer];
            for (int i = 0; i < keyWidth; i++) {
                k[position * keyWidth + i] = Float.floatToFloat16(key[keyOffset + i]);
            }
            for (int i = 0; i < valueWidth; i++) {
                v[position * valueWidth + i] = Float.floatToFloat16(value[valueOffset + i]);
            }
            return;
        }
        System.arraycopy(key, keyOffset, keys[layer], position * keyWidth, keyWidth);
        System.arraycopy(value, valueOffset, values[layer], position * valueWidth, valueWidth);
    }

    /** Key entry {@code index} of {@code layer} (position {@code index / keyWidth}), as stored. */
    public float key(int layer, int index) {
        return precision == Precision.F16 ? Float.float16ToFloat(halfKeys[layer][index]) : keys[layer][index];
    }

    /** Value entry {@code index} of {@code layer} (position {@code index / valueWidth}), as stored. */
    public float value(int layer, int index) {
        return precision == Precision.F16 ? Float.float16ToFloat(halfValues[layer][index]) : values[layer][index];
    }

    /** The dot product of {@code q[qOffset, + n)} with key entries {@code [position * keyWidth + offset, + n)}. */
    public float keyDot(int layer, int position, int offset, float[] q, int qOffset, int n) {
        int at = position * keyWidth + offset;
        int i = 0;
        float sum = 0f;
        if (precision == Precision.F16) {
            short[] k = halfKeys[layer];
            if (n >= FLOATS.length()) {
                FloatVector acc = FloatVector.zero(FLOATS);
                for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
                    FloatVector f = HalfFloats.toFloats(
                            (IntVector) ShortVector.fromArray(HALVES, k, at + i).convertShape(VectorOperators.S2I, INTS, 0));
                    acc = f.fma(FloatVector.fromArray(FLOATS, q, qOffset + i), acc);
                }
                sum = acc.reduceLanes(VectorOperators.ADD);
            }
            for (; i < n; i++) {
                sum += Float.float16ToFloat(k[at + i]) * q[qOffset + i];
            }
            return sum;
        }
        float[] k = keys[layer];
        if (n >= FLOATS.length()) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
                acc = FloatVector.fromArray(FLOATS, k, at + i).fma(FloatVector.fromArray(FLOATS, q, qOffset + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            sum += k[at + i] * q[qOffset + i];
        }
        return sum;
    }

    /** {@code out[outOffset + j] += weight * value entry [position * valueWidth + offset + j]} for j in [0, n). */
    public void addValue(int layer, int position, int offset, float weight, float[] out, int outOffset, int n) {
        int at = position * valueWidth + offset;
        int i = 0;
        FloatVector w = FloatVector.broadcast(FLOATS, weight);
        if (precision == Precision.F16) {
            short[] v = halfValues[layer];
            for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
                FloatVector f = HalfFloats.toFloats(
                        (IntVector) ShortVector.fromArray(HALVES, v, at + i).convertShape(VectorOperators.S2I, INTS, 0));
                f.fma(w, FloatVector.fromArray(FLOATS, out, outOffset + i)).intoArray(out, outOffset + i);
            }
            for (; i < n; i++) {
                out[outOffset + i] += weight * Float.float16ToFloat(v[at + i]);
            }
            return;
        }
        float[] v = values[layer];
        for (int bound = FLOATS.loopBound(n); i < bound; i += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, v, at + i).fma(w, FloatVector.fromArray(FLOATS, out, outOffset + i))
                    .intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] += weight * v[at + i];
        }
    }
}
