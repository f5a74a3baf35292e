package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q5_1 ({@code block_q5_1}): blocks of 32 values, half scale {@code d}, half minimum
 * {@code m}, a uint32 of fifth bits and 16 bytes of low nibbles as in Q5_0; value = q * d + m.
 * 24 bytes per block.
 */
final class Q5_1Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BYTES = 24;

    Q5_1Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_1;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int j = (int) (index % BLOCK);
        int qh = data.get(INT, at + 4);
        int q = u8(at + 8 + (j & 15));
        int low = j < 16 ? q & 0xF : q >>> 4;
        return (low | ((qh >>> j) & 1) << 4) * half(at) + half(at + 2);
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at);
        float m = half(at + 2);
        int qh = data.get(INT, at + 4);
        for (int j = 0; j < 16; j++) {
            int q = u8(at + 8 + j);
            dst[dstOffset + j] = ((q & 0xF) | ((qh >>> j) & 1) << 4) * d + m;
            dst[dstOffset + j + 16] = ((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) * d + m;
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long first = offset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            int xi = xOffset + b * BLOCK;
            int qh = data.get(INT, at + 4);
            ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 8, LE);
            ByteVector lo = q.and((byte) 0xF).add((byte) 16, VectorMask.fromLong(B_SPECIES, qh & 0xFFFF));
            ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF)
                    .add((byte) 16, VectorMask.fromLong(B_SPECIES, qh >>> 16));
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

    /** ggml's {@code quantize_row_q5_1_ref}: m = min, d = (max - min) / 31. */
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
        float d = (max - min) / 31f;
        float id = d != 0f ? 1f / d : 0f;
        dst.set(SHORT, at, Float.floatToFloat16(d));
        dst.set(SHORT, at + 2, Float.floatToFloat16(min));
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            // C's (uint8_t) v, not capped: the truncated value's low byte (at most 31 here).
            int q0 = GgmlRounding.truncate((src[from + j] - min) * id + 0.5f) & 0xFF;
            int q1 = GgmlRounding.truncate((src[from + j + 16] - min) * id + 0.5f) & 0xFF;
            dst.set(ValueLayout.JAVA_BYTE, at + 8 + j, (byte) ((q0 & 0xF) | (q1 & 0xF) << 4));
            qh |= (q0 >>> 4) << j | (q1 >>> 4) << (j + 16);
        }
        dst.set(INT, at + 4, qh);
    }
}
