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
 * ggml's Q6_K ({@code block_q6_K}): super-blocks of 256 values in 16 sub-blocks of 16, each with a
 * signed 8-bit scale. Layout: 128 bytes {@code ql} of low nibbles, 64 bytes {@code qh} of 2-bit high
 * parts, 16 scales, then the half {@code d}. For each half h of the block and l &lt; 32, values
 * {@code 128h + l + 32k} (k = 0..3) take their low nibble from {@code ql[64h + l + 32 (k & 1)]} (low
 * nibble for k &lt; 2, high for k &ge; 2) and bits {@code 2k..2k+1} of {@code qh[32h + l]}.
 * value = d * scale * (q - 32). 210 bytes per block.
 */
final class Q6KTensor extends FloatTensor {

    static final int BLOCK = 256;
    static final int BYTES = 210;

    Q6KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q6_K;
    }

    private int scale(long at, int sub) {
        return data.get(ValueLayout.JAVA_BYTE, at + 192 + sub);
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int w = (int) (index % BLOCK);
        int h = w / 128;
        int k = (w % 128) / 32;
        int l = w % 32;
        int low = u8(at + 64 * h + l + 32 * (k & 1));
        int nibble = k < 2 ? low & 0xF : low >>> 4;
        int q = (nibble | ((u8(at + 128 + 32 * h + l) >>> (2 * k)) & 3) << 4) - 32;
        return half(at + 208) * scale(at, w / 16) * q;
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at + 208);
        for (int h = 0; h < 2; h++) {
            long ql = at + 64 * h;
            long qh = at + 128 + 32 * h;
            int y = dstOffset + 128 * h;
            int sc = 8 * h;
            if (INTEGER_KERNELS) {
                // The tiled kernel dequantizes whole rows: 8 values per step in 32-bit lanes, scaled as ggml's
                // dequantize_row_q6_K does ((d * scale) * q, bit for bit).
                for (int l = 0; l < 32; l += 8) {
                    int is = l / 16;
                    IntVector a = (IntVector) ByteVector.fromMemorySegment(B64, data, ql + l, LE)
                            .convertShape(VectorOperators.B2I, I256, 0);
                    IntVector c = (IntVector) ByteVector.fromMemorySegment(B64, data, ql + l + 32, LE)
                            .convertShape(VectorOperators.B2I, I256, 0);
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(B64, data, qh + l, LE)
                            .convertShape(VectorOperators.B2I, I256, 0);
                    IntVector q1 = a.and(0xF).or(hb.and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
                    IntVector q2 = c.and(0xF).or(hb.and(0xC).lanewise(VectorOperators.LSHL, 2)).sub(32);
                    IntVector q3 = a.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.and(0x30)).sub(32);
                    IntVector q4 = c.lanewise(VectorOperators.ASHR, 4).and(0xF)
                            .or(hb.lanewise(VectorOperators.ASHR, 2).and(0x30)).sub(32);
                    long scales = at + 192 + sc + is;
                    ((FloatVector) q1.convertShape(VectorOperators.I2F, F256, 0))
                            .mul(d * data.get(ValueLayout.JAVA_BYTE, scales)).intoArray(dst, y + l);
                    ((FloatVector) q2.convertShape(VectorOperators.I2F, F256, 0))
                            .mul(d * data.get(ValueLayout.JAVA_BYTE, scales + 2)).intoArray(dst, y + l + 32);
                    ((FloatVector) q3.convertShape(VectorOperators.I2F, F256, 0))
                            .mul(d * data.get(ValueLayout.JAVA_BYTE, scales + 4)).intoArray(dst, y + l + 64);
                    ((FloatVector) q4.convertShape(VectorOperators.I2F, F256, 0))
                            .mul(d * data.get(ValueLayout.JAVA_BYTE, scales + 6)).intoArray(dst, y + l + 96);
                }
                continue;
            }
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int a = u8(ql + l);
                int b = u8(ql + l + 32);
                int hb = u8(qh + l);
                int q1 = ((a & 0xF) | (hb & 3) << 4) - 32;
                int q2 = ((b & 0xF) | ((hb >>> 2) & 3) << 4) - 32;
                int q3 = ((a >>> 4) | ((hb >>> 4) & 3) << 4) - 32;
                int q4 = ((b >>> 4) | ((hb >>> 6) & 3) << 4) - 32;
                dst[y + l] = d * scale(at, sc + is) * q1;
                dst[y + l + 32] = d * scale(at, sc + is + 2) * q2;
                dst[y + l + 64] = d * scale(at, sc + is + 4) * q3;
                dst[y + l + 96] = d * scale(at, sc + is + 6) * q4;
            }
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

    /**
     * One block's dot product, sum over sub-blocks of d * scale * ((q - 32) . x). The vector code
     * stays in this one method: vectors passed to helper methods the JIT does not inline would be
     * boxed on the heap.
     */
    private float blockDot(long at, float[] x, int xi) {
        float d = half(at + 208);
        FloatVector acc = FloatVector.zero(F_SPECIES);
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l += 16) {
                ByteVector a = ByteVector.fromMemorySegment(B_SPECIES, data, at + 64 * h + l, LE);
                ByteVector c = ByteVector.fromMemorySegment(B_SPECIES, data, at + 64 * h + 32 + l, LE);
                ByteVector hb = ByteVector.fromMemorySegment(B_SPECIES, data, at + 128 + 32 * h + l, LE);
                ByteVector q1 = a.and((byte) 0xF)
                        .or(hb.and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                ByteVector q2 = c.and((byte) 0xF)
                        .or(hb.lanewise(VectorOperators.LSHR, 2).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF)
                        .or(hb.lanewise(VectorOperators.LSHR, 4).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                ByteVector q4 = c.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF)
                        .or(hb.lanewise(VectorOperators.LSHR, 6).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
                FloatVector s1 = FloatVector.zero(F_SPECIES);
                FloatVector s2 = FloatVector.zero(F_SPECIES);
                FloatVector s3 = FloatVector.zero(F_SPECIES);
                FloatVector s4 = FloatVector.zero(F_SPECIES);
                int base = xi + 128 * h + l;
                for (int p = 0; p < PARTS; p++) {
                    s1 = ((FloatVector) q1.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, base + p * LANES), s1);
                    s2 = ((FloatVector) q2.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, base + 32 + p * LANES), s2);
                    s3 = ((FloatVector) q3.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, base + 64 + p * LANES), s3);
                    s4 = ((FloatVector) q4.castShape(F_SPECIES, p)).fma(FloatVector.fromArray(F_SPECIES, x, base + 96 + p * LANES), s4);
                }
                int sub = 8 * h + l / 16;
                acc = s1.fma(FloatVector.broadcast(F_SPECIES, d * scale(at, sub)), acc);
                acc = s2.fma(FloatVector.broadcast(F_SPECIES, d * scale(at, sub + 2)), acc);
                acc = s3.fma(FloatVector.broadcast(F_SPECIES, d * scale(at, sub + 4)), acc);
                acc = s4.fma(FloatVector.broadcast(F_SPECIES, d * scale(at, sub + 6)), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * ggml's {@code quantize_row_q6_K_ref}: each sub-block of 16 gets a scale from
     * {@link KQuantSearch#symmetric} (64 levels, values weighted by their square); the scale of
     * largest magnitude maps to -128 and sets {@code d}, the others round to signed 8 bits, and the
     * values are quantized again on the grid so rounded. A block whose scales are all below
     * {@link KQuantSearch#GROUP_MAX_EPS} is all zero bytes; where one sub-block's rounded scale is 0
     * its levels stay those of the search, as ggml's do.
     */
    static void quantizeBlock(float[] src, int from, MemorySegment dst, long at) {
        int[] q = new int[BLOCK];
        float[] scales = new float[16];
        float maxScale = 0;
        float maxAbsScale = 0;
        for (int s = 0; s < 16; s++) {
            scales[s] = KQuantSearch.symmetric(16, 32, src, from + 16 * s, q, 16 * s);
            if (Math.abs(scales[s]) > maxAbsScale) {
                maxAbsScale = Math.abs(scales[s]);
                maxScale = scales[s];
            }
        }
        if (maxAbsScale < KQuantSearch.GROUP_MAX_EPS) {
            dst.asSlice(at, BYTES).fill((byte) 0);
            return;
        }
        float iscale = -128f / maxScale;
        short dHalf = Float.floatToFloat16(1 / iscale);
        float d = Float.float16ToFloat(dHalf);
        for (int s = 0; s < 16; s++) {
            // At most 128 in magnitude (the largest maps to -128): capped at 127, it fits a signed byte.
            byte scale = (byte) Math.min(127, GgmlRounding.nearestInt(iscale * scales[s]));
            dst.set(ValueLayout.JAVA_BYTE, at + 192 + s, scale);
            float step = d * scale;
            if (step == 0f) {
                continue;
            }
            for (int l = 0; l < 16; l++) {
                q[16 * s + l] = Math.clamp(GgmlRounding.nearestInt(src[from + 16 * s + l] / step), -32, 31) + 32;
            }
        }
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int e = 128 * h + l;
                int q1 = q[e];
                int q2 = q[e + 32];
                int q3 = q[e + 64];
                int q4 = q[e + 96];
                dst.set(ValueLayout.JAVA_BYTE, at + 64 * h + l, (byte) ((q1 & 0xF) | (q3 & 0xF) << 4));
                dst.set(ValueLayout.JAVA_BYTE, at + 64 * h + 32 + l, (byte) ((q2 & 0xF) | (q4 & 0xF) << 4));
                dst.set(ValueLayout.JAVA_BYTE, at + 128 + 32 * h + l,
                        (byte) ((q1 >>> 4) | (q2 >>> 4) << 2 | (q3 >>> 4) << 4 | (q4 >>> 4) << 6));
            }
        }
        dst.set(SHORT, at + 208, dHalf);
    }

    @Override
    int activationBlock() {
        return BLOCK;
    }

    @Override
    boolean hasIntegerDot() {
        return true;
    }

    @Override
    float integerDot(long offset, QuantizedVector x, int n) {
        // Written out without helper methods: C2 stops inlining small helpers into a method this large
        // (NodeCountInliningCutoff), and a vector passed to a call that is not inlined is boxed.
        // x comes in blocks of 256 with one scale (activationBlock), so a whole super-block's products, each
        // sub-block's times its 8-bit scale, add up in integers and meet the float scales once: at most
        // 32 products x 32 x 127 x 128 in a lane, far inside 32 bits.
        FloatVector acc = FloatVector.zero(F256);
        long first = offset / BLOCK;
        short[] xs = x.s;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            // The 16 signed scales read as two longs: a method call per scale spills every live vector register.
            long scalesLow = data.get(LONG, at + 192);
            long scalesHigh = data.get(LONG, at + 200);
            IntVector block = IntVector.zero(I256);
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l += 16) {
                    // Bits are unpacked in 16-bit lanes, zero-extended: x86 shifts them in one instruction (it
                    // has no byte shifts), and the high nibbles need no mask.
                    ShortVector a = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 64 * h + l, LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
                    ShortVector c = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 64 * h + 32 + l, LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
                    ShortVector hb = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 128 + 32 * h + l, LE)
                            .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
                    ShortVector q1 = a.and((short) 0xF)
                            .or(hb.and((short) 3).lanewise(VectorOperators.LSHL, 4)).sub((short) 32);
                    ShortVector q2 = c.and((short) 0xF)
                            .or(hb.and((short) 0xC).lanewise(VectorOperators.LSHL, 2)).sub((short) 32);
                    ShortVector q3 = a.lanewise(VectorOperators.LSHR, 4)
                            .or(hb.and((short) 0x30)).sub((short) 32);
                    ShortVector q4 = c.lanewise(VectorOperators.LSHR, 4)
                            .or(hb.lanewise(VectorOperators.LSHR, 2).and((short) 0x30)).sub((short) 32);
                    // Values 128h + l + 32k, k = 0..3, at x's 128h + l + 32k; their sub-blocks 8h + l/16 + 2k
                    // take their scales from byte l/16 + 2k of scalesLow (h = 0) or scalesHigh (h = 1).
                    long scales = (h == 0 ? scalesLow : scalesHigh) >>> (l / 16 * 8);
                    int xi = b * BLOCK + 128 * h + l;
                    // Products are at most 32 * 127 and stay apart (no pairs are added in 16 bits).
                    IntVector i1 = (IntVector) q1.mul(ShortVector.fromArray(S256, xs, xi)).reinterpretShape(I256, 0);
                    IntVector i2 = (IntVector) q2.mul(ShortVector.fromArray(S256, xs, xi + 32)).reinterpretShape(I256, 0);
                    IntVector i3 = (IntVector) q3.mul(ShortVector.fromArray(S256, xs, xi + 64)).reinterpretShape(I256, 0);
                    IntVector i4 = (IntVector) q4.mul(ShortVector.fromArray(S256, xs, xi + 96)).reinterpretShape(I256, 0);
                    // Neighbouring 16-bit products added into 32 bits, as x86's pmaddwd does: the high half plus the
                    // low half shifted up leaves their sum (at most 2 * 32 * 127 < 2^15) in the top 16 bits.
                    i1 = i1.add(i1.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                    i2 = i2.add(i2.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                    i3 = i3.add(i3.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                    i4 = i4.add(i4.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                    block = block.add(i1.mul((int) (byte) scales)).add(i2.mul((int) (byte) (scales >>> 16)))
                            .add(i3.mul((int) (byte) (scales >>> 32))).add(i4.mul((int) (byte) (scales >>> 48)));
                }
            }
            acc = ((FloatVector) block.convertShape(VectorOperators.I2F, F256, 0))
                    .fma(FloatVector.broadcast(F256, Float.float16ToFloat(data.get(SHORT, at + 208)) * x.d[b]), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
