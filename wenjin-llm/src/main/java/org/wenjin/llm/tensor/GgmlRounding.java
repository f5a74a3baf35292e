package org.wenjin.llm.tensor;

/**
 * The three ways ggml's reference quantizers (ggml-quants.c) turn a float into an integer, reproduced
 * bit for bit so that our quantized blocks are the bytes llama.cpp writes. Java's own casts differ at
 * the edges: {@code (int) v} saturates where C on x86-64 does not, and {@code Math.round} rounds
 * halves up rather than away from zero.
 */
final class GgmlRounding {

    private GgmlRounding() {}

    /**
     * C's {@code (int) v} as x86-64 computes it ({@code cvttss2si}, and {@code cvttps2dq} where gcc
     * vectorizes): towards zero, and {@code 0x80000000} for NaN and anything outside the int range,
     * which C leaves undefined. Only a block whose scale overflows its reciprocal (values near the
     * subnormal range) gets there; ggml then stores the low byte, 0.
     */
    static int truncate(float v) {
        return v >= -0x1p31f && v < 0x1p31f ? (int) v : Integer.MIN_VALUE;
    }

    /**
     * C's {@code (int) roundf(v)}, as {@code quantize_row_q8_0_ref} rounds: halves away from zero,
     * without the error of adding 0.5 in float ({@code 0.49999997f + 0.5f} rounds up to 1).
     */
    static int roundf(float v) {
        if (!(Math.abs(v) < 0x1p31f)) {
            return Integer.MIN_VALUE;
        }
        int r = Math.round(Math.abs(v));
        return v < 0 ? -r : r;
    }

    /**
     * ggml's {@code nearest_int}, which all k-quant quantizers use: adding 1.5 * 2^23 leaves the
     * rounded value in the low mantissa bits (the add rounds half to even). Exact for |v| &lt; 2^22;
     * beyond that ggml's own result is garbage, and so is this one, the same garbage.
     */
    static int nearestInt(float v) {
        int bits = Float.floatToRawIntBits(v + 12582912f);
        return (bits & 0x007fffff) - 0x00400000;
    }
}
