package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q4_0 ({@code block_q4_0}): blocks of 32 values, a half scale {@code d} and 16 bytes of
 * nibbles; byte j holds value j in its low nibble and value j + 16 in its high nibble, and
 * value = (nibble - 8) * d. 18 bytes per block.
 */
final class Q4_0Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BYTES = 18;

    Q4_0Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_0;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int j = (int) (index % BLOCK);
        int q = u8(at + 2 + (j & 15));
        int nibble = j < 16 ? q & 0xF : q >>> 4;
        return (nibble - 8) * half(at);
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at);
        if (INTEGER_KERNELS) {
            // The tiled kernel dequantizes whole rows: 8 values per step, nibbles split in 32-bit lanes.
            FloatVector scale = FloatVector.broadcast(F256, d);
            for (int j = 0; j < 16; j += 8) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(B64, data, at + 2 + j, LE)
                        .convertShape(VectorOperators.B2I, I256, 0);
                ((FloatVector) q.and(0xF).sub(8).convertShape(VectorOperators.I2F, F256, 0))
                        .mul(scale).intoArray(dst, dstOffset + j);
                ((FloatVector) q.lanewise(VectorOperators.ASHR, 4).and(0xF).sub(8).convertShape(VectorOperators.I2F, F256, 0))
                        .mul(scale).intoArray(dst, dstOffset + j + 16);
            }
            return;
        }
        for (int j = 0; j < 16; j++) {
            int q = u8(at + 2 + j);
            dst[dstOffset + j] = ((q & 0xF) - 8) * d;
            dst[dstOffset + j + 16] = ((q >>> 4) - 8) * d;
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        // Vector code stays in this one method: vectors passed to helper methods that the JIT does
        // not inline would be boxed on the heap.
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long first = offset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            int xi = xOffset + b * BLOCK;
            ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 2, LE);
            ByteVector lo = q.and((byte) 0xF).sub((byte) 8);
            ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF).sub((byte) 8);
            FloatVector sum = FloatVector.zero(F_SPECIES);
            for (int p = 0; p < PARTS; p++) {
                sum = ((FloatVector) lo.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, xi + p * LANES), sum);
                sum = ((FloatVector) hi.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, xi + 16 + p * LANES), sum);
            }
            acc = sum.fma(FloatVector.broadcast(F_SPECIES, half(at)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** ggml's {@code quantize_row_q4_0_ref}: d = (the value of largest magnitude) / -8. */
    static void quantizeBlock(float[] src, int from, MemorySegment dst, long at) {
        float amax = 0f;
        float max = 0f;
        for (int j = 0; j < BLOCK; j++) {
            float v = src[from + j];
            if (Math.abs(v) > amax) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8f;
        float id = d != 0f ? 1f / d : 0f;
        dst.set(SHORT, at, Float.floatToFloat16(d));
        for (int j = 0; j < 16; j++) {
            // C's MIN(15, (int8_t) v): the truncated value's low byte, signed, capped at 15 (never negative here).
            int q0 = Math.min(15, (byte) GgmlRounding.truncate(src[from + j] * id + 8.5f));
            int q1 = Math.min(15, (byte) GgmlRounding.truncate(src[from + j + 16] * id + 8.5f));
            dst.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) (q0 | q1 << 4));
        }
    }

    @Override
    boolean hasIntegerDot() {
        return true;
    }

    @Override
    float integerDot(long offset, QuantizedVector x, int n) {
        // Written out without vector helper methods: a vector passed to a call that C2 does not inline is boxed.
        // The nibbles q stay unsigned and the offset of 8 comes off once per block through x's sums:
        // sum((q - 8) x) = sum(q x) - 8 sum(x). Two blocks per step into two accumulators, so neighbouring
        // blocks' multiply-adds do not wait on each other.
        FloatVector even = FloatVector.zero(F256);
        FloatVector odd = FloatVector.zero(F256);
        float offsets = 0f;
        long first = offset / BLOCK;
        short[] xs = x.s;
        int blocks = n / BLOCK;
        for (int b = 0; b < blocks; b += 2) {
            long at = (first + b) * BYTES;
            float d = Float.float16ToFloat(data.get(SHORT, at));
            // Zero-extended to 16-bit lanes, where x86 shifts in one instruction (it has no byte shifts).
            ShortVector q = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 2, LE)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
            ShortVector p = q.and((short) 0xF).mul(ShortVector.fromArray(S256, xs, b * BLOCK))
                    .add(q.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S256, xs, b * BLOCK + 16)));
            // Neighbouring 16-bit sums added into 32 bits, as x86's pmaddwd does: the high half plus the low half
            // shifted up leaves their sum (at most 4 * 15 * 127 < 2^15) in the top 16 bits.
            IntVector pairs = (IntVector) p.reinterpretShape(I256, 0);
            IntVector sums = pairs.add(pairs.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
            even = ((FloatVector) sums.convertShape(VectorOperators.I2F, F256, 0))
                    .fma(FloatVector.broadcast(F256, d * x.d[b]), even);
            offsets += d * x.sums[b];
            if (b + 1 < blocks) {
                long next = at + BYTES;
                float dNext = Float.float16ToFloat(data.get(SHORT, next));
                ShortVector r = (ShortVector) ByteVector.fromMemorySegment(B128, data, next + 2, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
                ShortVector pNext = r.and((short) 0xF).mul(ShortVector.fromArray(S256, xs, b * BLOCK + 32))
                        .add(r.lanewise(VectorOperators.LSHR, 4).mul(ShortVector.fromArray(S256, xs, b * BLOCK + 48)));
                IntVector pairsNext = (IntVector) pNext.reinterpretShape(I256, 0);
                IntVector sumsNext = pairsNext.add(pairsNext.lanewise(VectorOperators.LSHL, 16))
                        .lanewise(VectorOperators.ASHR, 16);
                odd = ((FloatVector) sumsNext.convertShape(VectorOperators.I2F, F256, 0))
                        .fma(FloatVector.broadcast(F256, dNext * x.d[b + 1]), odd);
                offsets += dNext * x.sums[b + 1];
            }
        }
        return even.add(odd).reduceLanes(VectorOperators.ADD) - 8f * offsets;
    }
}
