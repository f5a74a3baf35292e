package org.wenjin.llm.tensor;

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

    /** Rounds {@code x[0, n)} in blocks of 32; {@code n} is a multiple of {@link #BLOCK}. */
    void quantize(float[] x, int n) {
        quantize(x, 0, n, BLOCK);
    }

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
            for (int j = 0; j < block; j++) {
                amax = Math.max(amax, Math.abs(x[from + j]));
            }
            float scale = amax / 127f;
            float inverse = scale != 0f ? 1f / scale : 0f;
            float stored = Float.float16ToFloat(Float.floatToFloat16(scale));
            d[b] = stored;
            for (int j = 0; j < block; j++) {
                // Math.round rounds halves up, C's roundf away from zero; they differ only on exact
                // negative halves, which the tests' rounding allowance covers.
                int v = Math.round(x[from + j] * inverse);
                int i = b * block + j;
                q[i] = (byte) v;
                s[i] = (short) v;
                values[i] = v * stored;
            }
        }
        for (int c = 0; c < n / BLOCK; c++) {
            int sum = 0;
            for (int j = 0; j < BLOCK; j++) {
                sum += q[c * BLOCK + j];
            }
            sums[c] = d[c * BLOCK / block] * sum;
        }
    }
}
