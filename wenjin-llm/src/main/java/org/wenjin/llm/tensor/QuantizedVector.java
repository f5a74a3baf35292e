package org.wenjin.llm.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

/**
 * An activation vector rounded to 8 bits as ggml rounds a matmul's input ({@code vec_dot_type} in ggml-cpu.c),
 * so that the weights' blocks can be multiplied with integer instructions: blocks of {@link #block} values,
 * each a scale {@code d = max|x| / 127} (kept as a half-precision value) and signed bytes
 * {@code q = round(x / d)}. Blocks are 32 values for the 32-value quants (ggml's Q8_0,
 * {@code quantize_row_q8_0_ref}) and 256 for the K-quants (as ggml's Q8_K): one scale per super-block lets
 * their kernels sum a whole super-block's products, sub-block scales included, in integers. {@link #sums}
 * holds each 32 values' {@code d * sum(q)}, which the K-quants' per-sub-block minimums multiply.
 *
 * <p>One instance per calling thread is reused, so a matmul allocates nothing once it has grown.
 */
final class QuantizedVector {
    static final int BLOCK = 32;
    private static final FloatVector HALF = FloatVector.broadcast(FloatTensor.F256, 0.5f);

    /** Values per scale: {@link #BLOCK}, or 256 for the K-quants. */
    int block = BLOCK;
    byte[] q = new byte[0];
    /**
     * {@link #q} widened to 16 bits: the integer kernels multiply in 16-bit lanes, and widening once per
     * matmul spares every weight row the conversion.
     */
    short[] s = new short[0];
    /** The scale of each block of {@link #block} values. */
    float[] d = new float[0];
    /** The rounded values as floats, {@code q * d}: what the tiled float kernel multiplies. */
    float[] values = new float[0];
    /** Per 32 values, {@code d * sum(q)}. */
    float[] sums = new float[0];

    /** Rounds {@code x[offset, offset + n)} in blocks of {@code block} values; {@code n} is a multiple of it. */
    void quantize(float[] x, int offset, int n, int block) {
        if (q.length < n) {
            q = new byte[n];
            s = new short[n];
            values = new float[n];
            d = new float[n / BLOCK];
            sums = new float[n / BLOCK];
        }
        this.block = block;
        for (int b = 0; b < n / block; b++) {
            int from = offset + b * block;
            float amax = 0f;
            int j = 0;
            if (FloatTensor.INTEGER_KERNELS) {
                FloatVector max = FloatVector.zero(FloatTensor.F256);
                for (; j < block; j += 8) {
                    max = max.max(FloatVector.fromArray(FloatTensor.F256, x, from + j).abs());
                }
                amax = max.reduceLanes(VectorOperators.MAX);
            }
            for (; j < block; j++) {
                amax = Math.max(amax, Math.abs(x[from + j]));
            }
            float scale = amax / 127f;
            float inverse = scale != 0f ? 1f / scale : 0f;
            float stored = Float.float16ToFloat(Float.floatToFloat16(scale));
            d[b] = stored;
            j = 0;
            if (FloatTensor.INTEGER_KERNELS) {
                // Rounded halves away from zero, as C's roundf in ggml (roundToInt): add +-0.5, then truncate.
                for (; j < block; j += 8) {
                    FloatVector v = FloatVector.fromArray(FloatTensor.F256, x, from + j).mul(inverse);
                    FloatVector half = HALF.blend(HALF.neg(), v.compare(VectorOperators.LT, 0f));
                    IntVector r = (IntVector) v.add(half).convertShape(VectorOperators.F2I, FloatTensor.I256, 0);
                    int i = b * block + j;
                    ((FloatVector) r.convertShape(VectorOperators.I2F, FloatTensor.F256, 0)).mul(stored).intoArray(values, i);
                    r.convertShape(VectorOperators.I2S, ShortVector.SPECIES_128, 0).reinterpretAsShorts().intoArray(s, i);
                    r.convertShape(VectorOperators.I2B, ByteVector.SPECIES_64, 0).reinterpretAsBytes().intoArray(q, i);
                }
            }
            for (; j < block; j++) {
                int v = FloatTensor.roundToInt(x[from + j] * inverse);
                int i = b * block + j;
                q[i] = (byte) v;
                s[i] = (short) v;
                values[i] = v * stored;
            }
        }
        for (int c = 0; c < n / BLOCK; c++) {
            int sum = 0;
            for (int j = 0; j < BLOCK; j++) {
                sum += s[c * BLOCK + j];
            }
            sums[c] = d[c * BLOCK / block] * sum;
        }
    }
}
