package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ggml's Q4_K ({@code block_q4_K}): super-blocks of 256 values in 8 sub-blocks of 32. Layout: half
 * {@code d}, half {@code dmin}, 12 bytes packing a 6-bit scale and a 6-bit min per sub-block
 * ({@code get_scale_min_k4}), then 128 bytes of nibbles: for each 64 values, 32 bytes whose low
 * nibbles are the first 32 values and high nibbles the next 32. value = d * scale * q - dmin * min.
 * 144 bytes per block.
 */
final class Q4KTensor extends FloatTensor {

    static final int BLOCK = 256;
    static final int BYTES = 144;
    /** Writes a block's eight unpacked minimums (a long) into bytes that a vector then reads. */
    private static final VarHandle MINS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Those eight bytes, one array per thread: the rows of one matmul run on several threads at once. */
    private static final ThreadLocal<byte[]> MINS_BYTES = ThreadLocal.withInitial(() -> new byte[8]);

    Q4KTensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.Q4_K;
    }

    /** The 6-bit scale of sub-block {@code j} from the 12 scale bytes at {@code scales}. */
    static int scale(MemorySegment data, long scales, int j) {
        return j < 4
                ? data.get(ValueLayout.JAVA_BYTE, scales + j) & 63
                : (data.get(ValueLayout.JAVA_BYTE, scales + j + 4) & 0xF)
                        | ((data.get(ValueLayout.JAVA_BYTE, scales + j - 4) & 0xFF) >>> 6) << 4;
    }

    /** The 6-bit min of sub-block {@code j} from the 12 scale bytes at {@code scales}. */
    static int min(MemorySegment data, long scales, int j) {
        return j < 4
                ? data.get(ValueLayout.JAVA_BYTE, scales + j + 4) & 63
                : ((data.get(ValueLayout.JAVA_BYTE, scales + j + 4) & 0xFF) >>> 4)
                        | ((data.get(ValueLayout.JAVA_BYTE, scales + j) & 0xFF) >>> 6) << 4;
    }

    /** Packs 8 scales and 8 mins of 6 bits into 12 bytes, as ggml's {@code quantize_row_q4_K_ref}. */
    static void packScales(int[] scales, int[] mins, MemorySegment dst, long at) {
        byte[] packed = new byte[12];
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                packed[j] |= (byte) scales[j];
                packed[j + 4] |= (byte) mins[j];
            } else {
                packed[j + 4] = (byte) ((scales[j] & 0xF) | (mins[j] & 0xF) << 4);
                packed[j - 4] |= (byte) ((scales[j] >>> 4) << 6);
                packed[j] |= (byte) ((mins[j] >>> 4) << 6);
            }
        }
        MemorySegment.copy(packed, 0, dst, ValueLayout.JAVA_BYTE, at, 12);
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        long at = (index / BLOCK) * BYTES;
        int w = (int) (index % BLOCK);
        int chunk = w / 64;
        int sub = 2 * chunk + (w % 64) / 32;
        int q = u8(at + 16 + 32 * chunk + w % 32);
        int nibble = (w % 64) < 32 ? q & 0xF : q >>> 4;
        float d1 = half(at) * scale(data, at + 4, sub);
        float m1 = half(at + 2) * min(data, at + 4, sub);
        return d1 * nibble - m1;
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        long at = block * BYTES;
        float d = half(at);
        float dmin = half(at + 2);
        int y = dstOffset;
        for (int chunk = 0; chunk < 4; chunk++) {
            long qs = at + 16 + 32 * chunk;
            float d1 = d * scale(data, at + 4, 2 * chunk);
            float m1 = dmin * min(data, at + 4, 2 * chunk);
            float d2 = d * scale(data, at + 4, 2 * chunk + 1);
            float m2 = dmin * min(data, at + 4, 2 * chunk + 1);
            if (INTEGER_KERNELS) {
                // The tiled kernel dequantizes whole rows: 8 values per step, nibbles split in 32-bit lanes;
                // multiply, then subtract, as ggml's dequantize_row_q4_K (no fused multiply-add: bit for bit).
                FloatVector scaleLow = FloatVector.broadcast(F256, d1);
                FloatVector minLow = FloatVector.broadcast(F256, m1);
                FloatVector scaleHigh = FloatVector.broadcast(F256, d2);
                FloatVector minHigh = FloatVector.broadcast(F256, m2);
                for (int l = 0; l < 32; l += 8) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(B64, data, qs + l, LE)
                            .convertShape(VectorOperators.B2I, I256, 0);
                    ((FloatVector) q.and(0xF).convertShape(VectorOperators.I2F, F256, 0)).mul(scaleLow).sub(minLow)
                            .intoArray(dst, y + l);
                    ((FloatVector) q.lanewise(VectorOperators.ASHR, 4).and(0xF).convertShape(VectorOperators.I2F, F256, 0))
                            .mul(scaleHigh).sub(minHigh).intoArray(dst, y + 32 + l);
                }
                y += 64;
                continue;
            }
            for (int l = 0; l < 32; l++) {
                dst[y + l] = d1 * (u8(qs + l) & 0xF) - m1;
                dst[y + 32 + l] = d2 * (u8(qs + l) >>> 4) - m2;
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

    /**
     * One block's dot product, sum over sub-blocks of d * scale * (q . x) - dmin * min * sum(x). The
     * vector code stays in this one method: vectors passed to helper methods the JIT does not
     * inline would be boxed on the heap.
     */
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
                ByteVector q = ByteVector.fromMemorySegment(B_SPECIES, data, at + 16 + 32 * chunk + l, LE);
                ByteVector qLo = q.and((byte) 0xF);
                ByteVector qHi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0xF);
                for (int p = 0; p < PARTS; p++) {
                    FloatVector x0 = FloatVector.fromArray(F_SPECIES, x, xi + 64 * chunk + l + p * LANES);
                    FloatVector x1 = FloatVector.fromArray(F_SPECIES, x, xi + 64 * chunk + 32 + l + p * LANES);
                    lo = ((FloatVector) qLo.castShape(F_SPECIES, p)).fma(x0, lo);
                    hi = ((FloatVector) qHi.castShape(F_SPECIES, p)).fma(x1, hi);
                    xsLo = xsLo.add(x0);
                    xsHi = xsHi.add(x1);
                }
            }
            acc = lo.fma(FloatVector.broadcast(F_SPECIES, d * scale(data, at + 4, 2 * chunk)), acc);
            acc = xsLo.fma(FloatVector.broadcast(F_SPECIES, -dmin * min(data, at + 4, 2 * chunk)), acc);
            acc = hi.fma(FloatVector.broadcast(F_SPECIES, d * scale(data, at + 4, 2 * chunk + 1)), acc);
            acc = xsHi.fma(FloatVector.broadcast(F_SPECIES, -dmin * min(data, at + 4, 2 * chunk + 1)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** ggml's {@code quantize_row_q4_K_ref}: {@link #fitLevels} with 16 levels, packed as nibbles. */
    static void quantizeBlock(float[] src, int from, MemorySegment dst, long at) {
        int[] q = fitLevels(src, from, 15, -1f, 20, dst, at);
        for (int chunk = 0; chunk < 4; chunk++) {
            for (int l = 0; l < 32; l++) {
                dst.set(ValueLayout.JAVA_BYTE, at + 16 + 32 * chunk + l,
                        (byte) (q[64 * chunk + l] | q[64 * chunk + 32 + l] << 4));
            }
        }
    }

    /**
     * The part of ggml's {@code quantize_row_q4_K_ref} and {@code quantize_row_q5_K_ref} that differs
     * only in the number of levels: writes the half {@code d} and {@code dmin} and the 12 scale bytes
     * at {@code at}, and returns the 256 levels in {@code [0, nmax]} for the caller to pack. Each
     * sub-block of 32 gets its own scale and min from {@link KQuantSearch#withMin} (values weighted by
     * their magnitude plus the sub-block's rms); the largest scale and the largest min set {@code d}
     * and {@code dmin} so that they map to 63, the others round to 6 bits, and the values are
     * quantized again on the grid so rounded. Where a sub-block's rounded scale is 0 its levels stay
     * those of the search, as ggml's do.
     */
    static int[] fitLevels(float[] src, int from, int nmax, float rmin, int nstep, MemorySegment dst, long at) {
        int[] q = new int[BLOCK];
        float[] scales = new float[8];
        float[] mins = new float[8];
        float[] weights = new float[32];
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            int x = from + 32 * j;
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) {
                sumX2 += src[x + l] * src[x + l];
            }
            float rms = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) {
                weights[l] = rms + Math.abs(src[x + l]);
            }
            scales[j] = KQuantSearch.withMin(nmax, src, x, weights, q, 32 * j, mins, j, rmin, 0.1f, nstep);
            if (scales[j] > maxScale) {
                maxScale = scales[j];
            }
            if (mins[j] > maxMin) {
                maxMin = mins[j];
            }
        }
        float inverseScale = maxScale > 0 ? 63f / maxScale : 0f;
        float inverseMin = maxMin > 0 ? 63f / maxMin : 0f;
        int[] sixBitScales = new int[8];
        int[] sixBitMins = new int[8];
        for (int j = 0; j < 8; j++) {
            // ggml stores nearest_int's result in a uint8_t before capping it at 63.
            sixBitScales[j] = Math.min(63, GgmlRounding.nearestInt(inverseScale * scales[j]) & 0xFF);
            sixBitMins[j] = Math.min(63, GgmlRounding.nearestInt(inverseMin * mins[j]) & 0xFF);
        }
        // GGML_FP32_TO_FP16 rounds to nearest even, as Float.floatToFloat16 does.
        short dHalf = Float.floatToFloat16(maxScale / 63f);
        short dminHalf = Float.floatToFloat16(maxMin / 63f);
        dst.set(SHORT, at, dHalf);
        dst.set(SHORT, at + 2, dminHalf);
        packScales(sixBitScales, sixBitMins, dst, at + 4);
        float d = Float.float16ToFloat(dHalf);
        float dmin = Float.float16ToFloat(dminHalf);
        for (int j = 0; j < 8; j++) {
            float step = d * sixBitScales[j];
            if (step == 0f) {
                continue;
            }
            float offset = dmin * sixBitMins[j];
            for (int l = 0; l < 32; l++) {
                q[32 * j + l] = Math.clamp(GgmlRounding.nearestInt((src[from + 32 * j + l] + offset) / step), 0, nmax);
            }
        }
        return q;
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
        // sub-block's times its 6-bit scale, add up in integers and meet the float scales once: at most
        // 8 lanes x 32 products x 15 x 127 x 63 in a lane, far inside 32 bits.
        FloatVector acc = FloatVector.zero(F256);
        FloatVector minimums = FloatVector.zero(F256);
        byte[] scratch = MINS_BYTES.get();
        long first = offset / BLOCK;
        short[] xs = x.s;
        for (int b = 0; b < n / BLOCK; b++) {
            long at = (first + b) * BYTES;
            float d = Float.float16ToFloat(data.get(SHORT, at));
            float dmin = Float.float16ToFloat(data.get(SHORT, at + 2));
            // The 12 bytes of packed scales and mins, read once as three ints and unpacked into one byte per
            // sub-block as ggml's AVX2 kernel does (kmask1-3): no method call in this loop, since a call
            // spills every live vector register.
            int s0 = data.get(INT, at + 4);
            int s1 = data.get(INT, at + 8);
            int s2 = data.get(INT, at + 12);
            long scales = (s0 & 0x3F3F3F3FL)
                    | ((long) ((s2 & 0x0F0F0F0F) | ((s0 >>> 6) & 0x03030303) << 4)) << 32;
            long mins = (s1 & 0x3F3F3F3FL)
                    | ((long) (((s2 >>> 4) & 0x0F0F0F0F) | ((s1 >>> 6) & 0x03030303) << 4)) << 32;
            IntVector block = IntVector.zero(I256);
            for (int chunk = 0; chunk < 4; chunk++) {
                // Nibbles are split in 16-bit lanes, zero-extended: x86 shifts them in one instruction (it has
                // no byte shifts), and the high nibble needs no mask.
                ShortVector q0 = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 16 + 32 * chunk, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
                ShortVector q1 = (ShortVector) ByteVector.fromMemorySegment(B128, data, at + 32 + 32 * chunk, LE)
                        .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
                int xi = b * BLOCK + 64 * chunk;
                // Sub-block 2 * chunk: the low nibbles; 2 * chunk + 1: the high nibbles. Products are at
                // most 15 * 127, so two of them fit 16 bits.
                ShortVector p = q0.and((short) 0xF).mul(ShortVector.fromArray(S256, xs, xi))
                        .add(q1.and((short) 0xF).mul(ShortVector.fromArray(S256, xs, xi + 16)));
                ShortVector ph = q0.lanewise(VectorOperators.LSHR, 4)
                        .mul(ShortVector.fromArray(S256, xs, xi + 32))
                        .add(q1.lanewise(VectorOperators.LSHR, 4)
                                .mul(ShortVector.fromArray(S256, xs, xi + 48)));
                // Neighbouring 16-bit sums added into 32 bits, as x86's pmaddwd does: the high half plus the low
                // half shifted up leaves their sum (at most 4 * 15 * 127 < 2^15) in the top 16 bits.
                IntVector pairs = (IntVector) p.reinterpretShape(I256, 0);
                IntVector sums = pairs.add(pairs.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16);
                IntVector pairsHigh = (IntVector) ph.reinterpretShape(I256, 0);
                IntVector sumsHigh = pairsHigh.add(pairsHigh.lanewise(VectorOperators.LSHL, 16))
                        .lanewise(VectorOperators.ASHR, 16);
                block = block.add(sums.mul((int) ((scales >>> 16 * chunk) & 0xFF)))
                        .add(sumsHigh.mul((int) ((scales >>> 16 * chunk + 8) & 0xFF)));
            }
            acc = ((FloatVector) block.convertShape(VectorOperators.I2F, F256, 0))
                    .fma(FloatVector.broadcast(F256, d * x.d[b]), acc);
            // The eight sub-blocks' minimums times their inputs' sums, in one vector: byte j of mins is
            // sub-block j's, as x.sums[8b + j] is its inputs' (a scalar loop here cost a sixth of the kernel). The
            // long goes through eight bytes of memory: a one-lane vector has no intrinsic and runs in Java.
            MINS.set(scratch, 0, mins);
            FloatVector minimumsOfBlock = (FloatVector) ByteVector.fromArray(B64, scratch, 0)
                    .convertShape(VectorOperators.B2F, F256, 0);
            minimums = minimumsOfBlock.mul(FloatVector.fromArray(F256, x.sums, 8 * b))
                    .fma(FloatVector.broadcast(F256, dmin), minimums);
        }
        return acc.sub(minimums).reduceLanes(VectorOperators.ADD);
    }
}
