package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q4_1 ({@code block_q4_1}): blocks of 32 values, half scale {@code d}, half minimum
 * {@code m}, then 16 bytes of nibbles laid out as in Q4_0; value = nibble * d + m. 20 bytes per block.
 */
final class Q4_1Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BYTES = 20;

    Q4_1Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_1;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int j = (int) (index % BLOCK);
        int q = u8(at + 4 + (j & 15));
        int nibble = j < 16 ? q & 0xF : q >>> 4;
        return nibble * half(at) + half(at + 2);
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at);
        float m = half(at + 2);
        for (int j = 0; j < 16; j++) {
            int q = u8(at + 4 + j);
            dst[dstOffset + j] = (q & 0xF) * d + m;
            dst[dstOffset + j + 16] = (q >>> 4) * d + m;
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long first = offset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            int xi = xOffset + b * BLOCK;
            ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 4, LE);
            ByteVector lo = q.and((byte) 0xF);
            ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF);
            FloatVector qx = FloatVector.zero(F_SPECIES);
            FloatVector xs = FloatVector.zero(F_SPECIES);
            for (int p = 0; p < PARTS; p++) {
                FloatVector x0 = FloatVector.fromArray(F_SPECIES, x, xi + p * LANES);
                FloatVector x1 = FloatVector.fromArray(F_SPECIES, x, xi + 16 + p * LANES);
                qx = ((FloatVector) lo.castShape(F_SPECIES, p)).fma(x0, qx);
                qx = ((FloatVector) hi.castShape(F_SPECIES, p)).fma(x1, qx);
                xs = xs.add(x0).add(x1);
            }
            acc = qx.fma(FloatVector.broadcast(F_SPECIES, half(at)), acc);
            acc = xs.fma(FloatVector.broadcast(F_SPECIES, half(at + 2)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** ggml's {@code quantize_row_q4_1_ref}: m = min, d = (max - min) / 15. */
    static void quantizeBlock(float[] src, int from, MemorySegment dst, long at) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < BLOCK; j++) {
            // Comparisons, not Math.min/max: those order -0 below +0, C's comparisons keep the first.
            if (src[from + j] < min) {
                min = src[from + j];
            }
            if (src[from + j] > max) {
                max = src[from + j];
            }
        }
        float d = (max - min) / 15f;
        float id = d != 0f ? 1f / d : 0f;
        dst.set(SHORT, at, Float.floatToFloat16(d));
        dst.set(SHORT, at + 2, Float.floatToFloat16(min));
        for (int j = 0; j < 16; j++) {
            // C's MIN(15, (int8_t) v): the truncated value's low byte, signed, capped at 15 (never negative here).
            int q0 = Math.min(15, (byte) GgmlRounding.truncate((src[from + j] - min) * id + 0.5f));
            int q1 = Math.min(15, (byte) GgmlRounding.truncate((src[from + j + 16] - min) * id + 0.5f));
            dst.set(ValueLayout.JAVA_BYTE, at + 4 + j, (byte) (q0 | q1 << 4));
        }
    }
}
