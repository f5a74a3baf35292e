package org.wenjin.llm.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Random tensor bytes: every quant and nibble random, every half-precision scale a random finite
 * value (so a block never dequantizes to NaN or infinity).
 */
public final class RandomBlocks {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomBlocks() {}

    /** {@code blocks} random blocks of {@code type}, off-heap. */
    public static MemorySegment of(GgmlType type, int blocks, Random random) {
        long bytes = (long) blocks * type.bytesPerBlock();
        MemorySegment data = Arena.ofAuto().allocate(bytes, 64);
        byte[] noise = new byte[(int) bytes];
        random.nextBytes(noise);
        MemorySegment.copy(noise, 0, data, ValueLayout.JAVA_BYTE, 0, noise.length);
        for (long b = 0; b < blocks; b++) {
            long at = b * type.bytesPerBlock();
            for (int scale : scaleOffsets(type)) {
                data.set(SHORT, at + scale, randomHalf(random));
            }
            if (type == GgmlType.F32) {
                data.set(FLOAT, at, (float) random.nextGaussian() * 4);
            } else if (type == GgmlType.BF16) {
                data.set(SHORT, at, (short) (Float.floatToRawIntBits((float) random.nextGaussian() * 4) >>> 16));
            }
        }
        return data;
    }

    /** Where the half-precision fields of one block are, from the block structs of ggml-common.h. */
    static int[] scaleOffsets(GgmlType type) {
        return switch (type) {
            case F16, Q4_0, Q5_0, Q8_0 -> new int[] {0};
            case Q4_1, Q5_1, Q4_K, Q5_K -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            default -> new int[0];
        };
    }

    /** A random finite half: any sign, any exponent below 31 (normals, subnormals and zeros). */
    static short randomHalf(Random random) {
        int exponent = random.nextInt(31);
        if (random.nextInt(4) == 0) {
            exponent = 10 + random.nextInt(8); // mostly scales of everyday magnitude
        }
        return (short) ((random.nextBoolean() ? 0x8000 : 0) | (exponent << 10) | random.nextInt(1 << 10));
    }

    /** {@code n} random floats: Gaussian, with occasional outliers as real weights have. */
    public static float[] gaussian(int n, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian() * (random.nextInt(64) == 0 ? 8f : 1f);
        }
        return values;
    }
}
