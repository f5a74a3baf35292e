package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q5_0 ({@code block_q5_0}): blocks of 32 values, a half scale {@code d}, a little-endian
 * uint32 {@code qh} whose bit j is the fifth bit of value j, then 16 bytes of low nibbles laid out as
 * in Q4_0; value = (q - 16) * d. 22 bytes per block.
 */
final class Q5_0Tensor extends FloatTensor {

    static final int BLOCK = 32;
    static final int BYTES = 22;
    /** Lane j holds bit j: the test that picks each value's fifth bit out of qh. */
    private static final ShortVector BITS = ShortVector.fromArray(S256, new short[] {1, 2, 4, 8, 16, 32, 64, 128, 256,
        512, 1024, 2048, 4096, 8192, 16384, (short) 0x8000}, 0);

    /** Lane j shifted right by j, j + 8, j + 16 or j + 24: bit j (and on) of qh brought down to bit 0. */
    private static final IntVector SHIFTS_0 = IntVector.fromArray(I256, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0);
    private static final IntVector SHIFTS_8 = SHIFTS_0.add(8);
    private static final IntVector SHIFTS_16 = SHIFTS_0.add(16);
    private static final IntVector SHIFTS_24 = SHIFTS_0.add(24);

    Q5_0Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q5_0;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int j = (int) (index % BLOCK);
        int qh = data.get(INT, at + 2);
        int q = u8(at + 6 + (j & 15));
        int low = j < 16 ? q & 0xF : q >>> 4;
        return ((low | ((qh >>> j) & 1) << 4) - 16) * half(at);
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at);
        int qh = data.get(INT, at + 2);
        if (INTEGER_KERNELS) {
            // The tiled kernel dequantizes whole rows: 8 values per step in 32-bit lanes, where AVX2 shifts each
            // lane by its own count, so lane j takes bit j of qh with one shift.
            FloatVector scale = FloatVector.broadcast(F256, d);
            IntVector bits = IntVector.broadcast(I256, qh);
            for (int j = 0; j < 16; j += 8) {
                IntVector q = (IntVector) ByteVector.fromMemorySegment(B64, data, at + 6 + j, LE)
                        .convertShape(VectorOperators.B2I, I256, 0);
                IntVector low = q.and(0xF)
                        .or(bits.lanewise(VectorOperators.LSHR, j == 0 ? SHIFTS_0 : SHIFTS_8).and(1).lanewise(VectorOperators.LSHL, 4));
                IntVector high = q.lanewise(VectorOperators.ASHR, 4).and(0xF)
                        .or(bits.lanewise(VectorOperators.LSHR, j == 0 ? SHIFTS_16 : SHIFTS_24).and(1).lanewise(VectorOperators.LSHL, 4));
                ((FloatVector) low.sub(16).convertShape(VectorOperators.I2F, F256, 0)).mul(scale)
                        .intoArray(dst, dstOffset + j);
                ((FloatVector) high.sub(16).convertShape(VectorOperators.I2F, F256, 0)).mul(scale)
                        .intoArray(dst, dstOffset + j + 16);
            }
            return;
        }
        for (int j = 0; j < 16; j++) {
            int q = u8(at + 6 + j);
            dst[dstOffset + j] = (((q & 0xF) | ((qh >>> j) & 1) << 4) - 16) * d;
            dst[dstOffset + j + 16] = (((q >>> 4) | ((qh >>> (j + 16)) & 1) << 4) - 16) * d;
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long first = offset / BLOCK;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            int xi = xOffset + b * BLOCK;
            int qh = data.get(INT, at + 2);
            ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 6, LE);
            ByteVector lo = q.and((byte) 0xF)
                    .add((byte) 16, VectorMask.fromLong(B_SPECIES, qh & 0xFFFF)).sub((byte) 16);
            ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF)
                    .add((byte) 16, VectorMask.fromLong(B_SPECIES, qh >>> 16)).sub((byte) 16);
            FloatVector sum = FloatVector.zero(F_SPECIES);
            for (int p = 0; p < PARTS; p++) {
                sum = ((FloatVector) lo.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, xi + p * LANES), sum);
                sum = ((FloatVector) hi.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, xi + 16 + p * LANES), sum);
            }
            acc = sum.fma(FloatVector.broadcast(F_SPECIES, half(at)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** ggml's {@code quantize_row_q5_0_ref}: d = (the value of largest magnitude) / -16. */
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
        float d = max / -16f;
        float id = d != 0f ? 1f / d : 0f;
        dst.set(SHORT, at, Float.floatToFloat16(d));
        int qh = 0;
        for (int j = 0; j < 16; j++) {
            // C's MIN(31, (int8_t) v): the truncated value's low byte, signed, capped at 31 (never negative here).
            int q0 = Math.min(31, (byte) GgmlRounding.truncate(src[from + j] * id + 16.5f));
            int q1 = Math.min(31, (byte) GgmlRounding.truncate(src[from + j + 16] * id + 16.5f));
            dst.set(ValueLayout.JAVA_BYTE, at + 6 + j, (byte) ((q0 & 0xF) | (q1 & 0xF) << 4));
            qh |= (q0 >>> 4) << j | (q1 >>> 4) << (j + 16);
        }
        dst.set(INT, at + 2, qh);
    }

    @Override
    boolean hasIntegerDot() {
        return true;
    }

    @Override
    float integerDot(long offset, QuantizedVector x, int n) {
        // In 16-bit lanes: lane j takes bit j of qh by a test against its own bit (BITS), a compare and a blend,
        // where a mask made from a long (VectorMask.fromLong) costs a table walk per block on AVX2. The quants
        // stay unsigned (0..31) and the offset of 16 comes off once per block through x's sums:
        // sum((q - 16) x) = sum(q x) - 16 sum(x).
        FloatVector acc = FloatVector.zero(F256);
        float offsets = 0f;
        long first = offset / BLOCK;
        short[] xs = x.s;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            float d = Float.float16ToFloat(data.get(SHORT, at));
            int qh = data.get(INT, at + 2);
            ShortVector q = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 6, LE)
                    .convertShape(VectorOperators.B2S, S256, 0);
            VectorMask<Short> clear0 = ShortVector.broadcast(S256, (short) qh).and(BITS).compare(VectorOperators.EQ, 0);
            VectorMask<Short> clear1 = ShortVector.broadcast(S256, (short) (qh >>> 16)).and(BITS)
                    .compare(VectorOperators.EQ, 0);
            ShortVector low = q.and((short) 0xF);
            ShortVector high = q.lanewise(VectorOperators.ASHR, 4).and((short) 0xF);
            ShortVector w0 = low.or((short) 16).blend(low, clear0);
            ShortVector w1 = high.or((short) 16).blend(high, clear1);
            ShortVector p = w0.mul(ShortVector.fromArray(S256, xs, b * BLOCK))
                    .add(w1.mul(ShortVector.fromArray(S256, xs, b * BLOCK + 16)));
            // Neighbouring 16-bit sums added into 32 bits, as x86's pmaddwd does: the high half plus the low half
            // shifted up leaves their sum (at most 4 * 31 * 127 < 2^15) in the top 16 bits.
            IntVector pairs = (IntVector) p.reinterpretShape(I256, 0);
            IntVector sums = pairs.add(pairs.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
            acc = ((FloatVector) sums.convertShape(VectorOperators.I2F, F256, 0))
                    .fma(FloatVector.broadcast(F256, d * x.d[b]), acc);
            offsets += d * x.sums[b];
        }
        return acc.reduceLanes(VectorOperators.ADD) - 16f * offsets;
    }
}
