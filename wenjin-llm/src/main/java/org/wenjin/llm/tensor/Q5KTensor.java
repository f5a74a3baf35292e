package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q5_K ({@code block_q5_K}): Q4_K's layout plus 32 bytes {@code qh} of fifth bits between
 * the scales and the nibbles. Value {@code 64 * c + l} of a block (l &lt; 32) takes its fifth bit
 * from bit {@code 2c} of {@code qh[l]}, value {@code 64 * c + 32 + l} from bit {@code 2c + 1}.
 * value = d * scale * q - dmin * min, q in [0, 31]. 176 bytes per block.
 */
final class Q5KTensor extends FloatTensor {

    static final int BLOCK = 256;
    static final int BYTES = 176;

    Q5KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_K;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int w = (int) (index % BLOCK);
        int chunk = w / 64;
        boolean high = (w % 64) >= 32;
        int l = w % 32;
        int sub = 2 * chunk + (high ? 1 : 0);
        int q = u8(at + 48 + 32 * chunk + l);
        int bit = (u8(at + 16 + l) >>> (sub)) & 1;
        int value = (high ? q >>> 4 : q & 0xF) + (bit << 4);
        float d1 = half(at) * Q4KTensor.scale(data, at + 4, sub);
        float m1 = half(at + 2) * Q4KTensor.min(data, at + 4, sub);
        return d1 * value - m1;
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at);
        float dmin = half(at + 2);
        int y = dstOffset;
        for (int chunk = 0; chunk < 4; chunk++) {
            long ql = at + 48 + 32 * chunk;
            float d1 = d * Q4KTensor.scale(data, at + 4, 2 * chunk);
            float m1 = dmin * Q4KTensor.min(data, at + 4, 2 * chunk);
            float d2 = d * Q4KTensor.scale(data, at + 4, 2 * chunk + 1);
            float m2 = dmin * Q4KTensor.min(data, at + 4, 2 * chunk + 1);
            int u1 = 1 << (2 * chunk);
            int u2 = 2 << (2 * chunk);
            for (int l = 0; l < 32; l++) {
                int qh = u8(at + 16 + l);
                dst[y + l] = d1 * ((u8(ql + l) & 0xF) + ((qh & u1) != 0 ? 16 : 0)) - m1;
                dst[y + 32 + l] = d2 * ((u8(ql + l) >>> 4) + ((qh & u2) != 0 ? 16 : 0)) - m2;
            }
            y += 64;
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        float sum = 0f;
        long first = offset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            sum += blockDot((first + b) * BYTES, x, xOffset + b * BLOCK);
        }
        return sum;
    }

    /** One block's dot product, as {@link Q4KTensor}'s with the fifth bits or-ed in. */
    private float blockDot(long at, float[] x, int xi) {
        float d = half(at);
        float dmin = half(at + 2);
        FloatVector acc = FloatVector.zero(F_SPECIES);
        for (int chunk = 0; chunk < 4; chunk++) {
            FloatVector lo = FloatVector.zero(F_SPECIES);
            FloatVector hi = FloatVector.zero(F_SPECIES);
            FloatVector xsLo = FloatVector.zero(F_SPECIES);
            FloatVector xsHi = FloatVector.zero(F_SPECIES);
            for (int l = 0; l < 32; l += 16) {
                ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 48 + 32 * chunk + l, LE);
                ByteVector qh = ByteVector.fromMemorySegment(B_SPECIES, data, at + 16 + l, LE);
                ByteVector qLo = q.and((byte) 0xF)
                        .or(qh.lanewise(VectorOperators.LSHR, 2 * chunk).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                ByteVector qHi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF)
                        .or(qh.lanewise(VectorOperators.LSHR, 2 * chunk + 1).and((byte) 1).lanewise(VectorOperators.LSHL, 4));
                for (int p = 0; p < PARTS; p++) {
                    FloatVector x0 = FloatVector.fromArray(F_SPECIES, x, xi + 64 * chunk + l + p * LANES);
                    FloatVector x1 = FloatVector.fromArray(F_SPECIES, x, xi + 64 * chunk + 32 + l + p * LANES);
                    lo = ((FloatVector) qLo.castShape(F_SPECIES, p)).fma(x0, lo);
                    hi = ((FloatVector) qHi.castShape(F_SPECIES, p)).fma(x1, hi);
                    xsLo = xsLo.add(x0);
                    xsHi = xsHi.add(x1);
                }
            }
            acc = lo.fma(FloatVector.broadcast(F_SPECIES, d * Q4KTensor.scale(data, at + 4, 2 * chunk)), acc);
            acc = xsLo.fma(FloatVector.broadcast(F_SPECIES, -dmin * Q4KTensor.min(data, at + 4, 2 * chunk)), acc);
            acc = hi.fma(FloatVector.broadcast(F_SPECIES, d * Q4KTensor.scale(data, at + 4, 2 * chunk + 1)), acc);
            acc = xsHi.fma(FloatVector.broadcast(F_SPECIES, -dmin * Q4KTensor.min(data, at + 4, 2 * chunk + 1)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * ggml's {@code quantize_row_q5_K_ref}: {@link Q4KTensor#fitLevels} with 32 levels and a shorter
     * search, each level's fifth bit packed into {@code qh}.
     */
    static void quantizeBlock(float[] src, int from, MemorySegment dst, long at) {
        int[] q = Q4KTensor.fitLevels(src, from, 31, -0.5f, 15, dst, at);
        byte[] qh = new byte[32];
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                int q0 = q[64 * chunk + l];
                int q1 = q[64 * chunk + 32 + l];
                dst.set(ValueLayout.JAVA_BYTE, at + 48 + 32 * chunk + l, (byte) ((q0 & 0xF) | (q1 & 0xF) << 4));
                qh[l] |= (byte) ((q0 >>> 4) << (2 * chunk) | (q1 >>> 4) << (2 * chunk + 1));
            }
        }
        MemorySegment.copy(qh, 0, dst, ValueLayout.JAVA_BYTE, at + 16, 32);
    }
}
