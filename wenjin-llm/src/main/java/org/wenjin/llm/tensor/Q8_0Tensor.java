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
 * ggml's Q8_0 ({@code block_q8_0} in ggml-common.h): blocks of 32 values, each a half-precision
 * scale {@code d} followed by 32 signed bytes {@code q}; value = q * d. 34 bytes per block.
 */
final class Q8_0Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BYTES = 34;

    Q8_0Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q8_0;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long block = (index / BLOCK) * BYTES;
        float d = Float.float16ToFloat(data.get(SHORT, block));
        return data.get(ValueLayout.JAVA_BYTE, block + 2 + index % BLOCK) * d;
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = Float.float16ToFloat(data.get(SHORT, at));
        if (INTEGER_KERNELS) {
            // The tiled prefill kernel dequantizes whole rows: 8 values per step instead of one.
            FloatVector scale = FloatVector.broadcast(F256, d);
            for (int j = 0; j < BLOCK; j += 8) {
                ((FloatVector) ByteVector.fromMemorySegment(B64, data, at + 2 + j, LE).castShape(F256, 0))
                        .mul(scale).intoArray(dst, dstOffset + j);
            }
            return;
        }
        for (int j = 0; j < BLOCK; j++) {
            dst[dstOffset + j] = data.get(ValueLayout.JAVA_BYTE, at + 2 + j) * d;
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long first = offset / BLOCK;
        int blocks = n / BLOCK;
        for (int b = 0; b < blocks; b++) {
            long at = (first + b) * BYTES;
            int xi = xOffset + b * BLOCK;
            FloatVector sum = FloatVector.zero(F_SPECIES);
            for (int j = 0; j < BLOCK; j += 16) {
                ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 2 + j, LE);
                for (int p = 0; p < PARTS; p++) {
                    FloatVector w = (FloatVector) q.castShape(F_SPECIES, p);
                    sum = w.fma(FloatVector.fromArray(F_SPECIES, x, xi + j + p * LANES), sum);
                }
            }
            float d = Float.float16ToFloat(data.get(SHORT, at));
            acc = sum.fma(FloatVector.broadcast(F_SPECIES, d), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** ggml's {@code quantize_row_q8_0_ref}: d = max|x| / 127, q = roundf(x * (1 / d)). */
    static void quantizeBlock(float[] src, int from, MemorySegment dst, long at) {
        float amax = 0f;
        for (int j = 0; j < BLOCK; j++) {
            amax = Math.max(amax, Math.abs(src[from + j]));
        }
        float d = amax / 127f;
        float id = d != 0f ? 1f / d : 0f;
        dst.set(SHORT, at, Float.floatToFloat16(d));
        for (int j = 0; j < BLOCK; j++) {
            dst.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) GgmlRounding.roundf(src[from + j] * id));
        }
    }

    @Override
    boolean hasIntegerDot() {
        return true;
    }

    @Override
    float integerDot(long offset, QuantizedVector x, int n) {
        // Written out without vector helper methods: a vector passed to a call that C2 does not inline is boxed,
        // and whether it inlines a helper depends on what else it compiled (NodeCountInliningCutoff).
        // Two blocks per step into two accumulators: neighbouring blocks' multiply-adds do not wait on each other.
        FloatVector even = FloatVector.zero(F256);
        FloatVector odd = FloatVector.zero(F256);
        long first = offset / BLOCK;
        short[] xs = x.s;
        int blocks = n / BLOCK;
        for (int b = 0; b < blocks; b += 2) {
            long at = (first + b) * BYTES;
            int xi = b * BLOCK;
            // |w| <= 128 and |x| <= 127, so two products sum to at most 32512: no 16-bit overflow.
            ShortVector p = ((ShortVector) ByteVector.fromMemorySegment(B128, data, at + 2, LE)
                    .convertShape(VectorOperators.B2S, S256, 0)).mul(ShortVector.fromArray(S256, xs, xi))
                    .add(((ShortVector) ByteVector.fromMemorySegment(B128, data, at + 18, LE)
                            .convertShape(VectorOperators.B2S, S256, 0)).mul(ShortVector.fromArray(S256, xs, xi + 16)));
            // Neighbouring 16-bit products summed into 32 bits, as x86's pmaddwd does.
            IntVector pairs = (IntVector) p.reinterpretShape(I256, 0);
            IntVector sums = pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(pairs.lanewise(VectorOperators.ASHR, 16));
            even = ((FloatVector) sums.convertShape(VectorOperators.I2F, F256, 0))
                    .fma(FloatVector.broadcast(F256, Float.float16ToFloat(data.get(SHORT, at)) * x.d[b]), even);
            if (b + 1 < blocks) {
                long next = at + BYTES;
                ShortVector q = ((ShortVector) ByteVector.fromMemorySegment(B128, data, next + 2, LE)
                        .convertShape(VectorOperators.B2S, S256, 0)).mul(ShortVector.fromArray(S256, xs, xi + 32))
                        .add(((ShortVector) ByteVector.fromMemorySegment(B128, data, next + 18, LE)
                                .convertShape(VectorOperators.B2S, S256, 0)).mul(ShortVector.fromArray(S256, xs, xi + 48)));
                IntVector pairsNext = (IntVector) q.reinterpretShape(I256, 0);
                IntVector sumsNext = pairsNext.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                        .add(pairsNext.lanewise(VectorOperators.ASHR, 16));
                odd = ((FloatVector) sumsNext.convertShape(VectorOperators.I2F, F256, 0))
                        .fma(FloatVector.broadcast(F256, Float.float16ToFloat(data.get(SHORT, next)) * x.d[b + 1]), odd);
            }
        }
        return even.add(odd).reduceLanes(VectorOperators.ADD);
    }
}
