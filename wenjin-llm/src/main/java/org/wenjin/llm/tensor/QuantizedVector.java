package org.wenjin.llm.tensor;

/**
 * An activation vector rounded to ggml's Q8_0 ({@code quantize_row_q8_0_ref}): blocks of 32 values, each
 * a scale {@code d = max|x| / 127} (kept as the half-precision value ggml stores) and 32 signed bytes
 * {@code q = round(x / d)}. ggml rounds a matmul's input this way once so that the weights' blocks can be
 * multiplied with integer instructions ({@code vec_dot_type} in ggml-cpu.c); the K-quants pair it with
 * Q8_K there, whose 256-value blocks only coarsen the same rounding. {@link #sums} holds each block's
 * {@code d * sum(q)}, which the K-quants' per-block minimums multiply.
 *
 * <p>One instance per calling thread is reused, so a matmul allocates nothing once it has grown.
 */
final class QuantizedVector {
    static final int BLOCK = 32;

    byte[] q = new byte[0];
    /**
     * {@link #q} widened to 16 bits: the integer kernels multiply in 16-bit lanes, and widening once per
     * matmul spares every weight row the conversion.
     */
    short[] s = new short[0];
    float[] d = new float[0];
    /** The rounded values as floats, {@code q * d}: what the tiled float kernel multiplies. */
    float[] values = new float[0];
    float[] sums = new float[0];

    /** Rounds {@code x[0, n)}; {@code n} is a multiple of {@link #BLOCK}. */
    void quantize(float[] x, int n) {
        quantize(x, 0, n);
    }

    /** Rounds {@code x[offset, offset + n)}; {@code n} is a multiple of {@link #BLOCK}. */
    void quantize(float[] x, int offset, int n) {
        if (q.length < n) {
            q = new byte[n];
            s = new short[n];
            values = new float[n];
            d = new float[n / BLOCK];
            sums = new float[n / BLOCK];
        }
        for (int b = 0; b < n / BLOCK; b++) {
            int from = offset + b * BLOCK;
            float amax = 0f;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(x[from + j]));
            }
            float scale = amax / 127f;
            float inverse = scale != 0f ? 1f / scale : 0f;
            int sum = 0;
            for (int j = 0; j < BLOCK; j++) {
                // Math.round rounds halves up, C's roundf away from zero; they differ only on exact
                // negative halves, which the tests' rounding allowance covers.
                int v = Math.round(x[from + j] * inverse);
                q[b * BLOCK + j] = (byte) v;
                s[b * BLOCK + j] = (short) v;
                sum += v;
            }
            d[b] = Float.float16ToFloat(Float.floatToFloat16(scale));
            sums[b] = d[b] * sum;
            for (int j = 0; j < BLOCK; j++) {
                values[b * BLOCK + j] = q[b * BLOCK + j] * d[b];
            }
        }
    }
}
