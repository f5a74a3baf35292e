package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** bfloat16 values: the upper 16 bits of a float32, 2 bytes each, little-endian. */
final class BF16Tensor extends FloatTensor {

    private static final VectorSpecies<Short> S_SPECIES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, LANES * 16)));
    private static final VectorSpecies<Integer> I_SPECIES = F_SPECIES.withLanes(int.class);

    BF16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.BF16;
    }

    static float toFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /**
     * Rounds to nearest even, and keeps NaNs NaN by setting the quiet bit, as ggml's
     * {@code ggml_compute_fp32_to_bf16} does.
     */
    static short fromFloat(float value) {
        int u = Float.floatToRawIntBits(value);
        if ((u & 0x7FFF_FFFF) > 0x7F80_0000) {
            return (short) ((u >>> 16) | 64);
        }
        return (short) ((u + (0x7FFF + ((u >>> 16) & 1))) >>> 16);
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        return toFloat(data.get(SHORT, index * 2));
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        dst[dstOffset] = toFloat(data.get(SHORT, block * 2));
    }

    @Override
    public void copyTo(long offset, float[] dst, int dstOffset, int n) {
        checkRange(offset, n);
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = toFloat(data.get(SHORT, (offset + i) * 2));
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        int upper = F_SPECIES.loopBound(n);
        int i = 0;
        for (; i < upper; i += LANES) {
            ShortVector bits = ShortVector.fromMemorySegment(S_SPECIES, data, (offset + i) * 2, LE);
            FloatVector w = ((IntVector) bits.castShape(I_SPECIES, 0))
                    .lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            acc = w.fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += toFloat(data.get(SHORT, (offset + i) * 2)) * x[xOffset + i];
        }
        return sum;
    }
}
