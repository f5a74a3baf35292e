package org.wenjin.llm.tensor;

/**
 * The scales of one Q4_K or Q5_K super-block: 8 sub-blocks of 32 values, each value
 * {@code d * scale[s] * q - dmin * min[s]} with 6-bit scale and min and {@code q} in
 * {@code [0, levels]}.
 */
record KQuantGrid(short dHalf, short dminHalf, int[] scales, int[] mins, int levels) {

    /** Fits the grid to 256 values from {@code src[from]}. */
    static KQuantGrid fit(float[] src, int from, int levels) {
        float[] offsets = new float[8];
        float[] tops = new float[8];
        float maxOffset = 0f;
        for (int s = 0; s < 8; s++) {
            float lo = 0f;
            float hi = Float.NEGATIVE_INFINITY;
            for (int l = 0; l < 32; l++) {
                lo = Math.min(lo, src[from + 32 * s + l]);
                hi = Math.max(hi, src[from + 32 * s + l]);
            }
            offsets[s] = -lo;
            tops[s] = hi;
            maxOffset = Math.max(maxOffset, -lo);
        }
        short dminHalf = halfAtLeast(maxOffset / 63f);
        float dmin = Float.float16ToFloat(dminHalf);
        int[] mins = new int[8];
        float[] ranges = new float[8];
        float maxScale = 0f;
        for (int s = 0; s < 8; s++) {
            mins[s] = dmin > 0f ? Math.min(63, (int) Math.ceil(offsets[s] / dmin)) : 0;
            ranges[s] = Math.max(0f, tops[s] + dmin * mins[s]) / levels;
            maxScale = Math.max(maxScale, ranges[s]);
        }
        short dHalf = halfAtLeast(maxScale / 63f);
        float d = Float.float16ToFloat(dHalf);
        int[] scales = new int[8];
        for (int s = 0; s < 8; s++) {
            scales[s] = d > 0f ? Math.min(63, (int) Math.ceil(ranges[s] / d)) : 0;
        }
        return new KQuantGrid(dHalf, dminHalf, scales, mins, levels);
    }

    /** The level nearest to value {@code i} of the super-block. */
    int quantize(float[] src, int from, int i) {
        int s = i / 32;
        float step = Float.float16ToFloat(dHalf) * scales[s];
        float offset = Float.float16ToFloat(dminHalf) * mins[s];
        if (step == 0f) {
            return 0;
        }
        return Math.clamp(FloatTensor.roundToInt((src[from + i] + offset) / step), 0, levels);
    }

    /** The smallest half-precision value not below {@code v} (v >= 0). */
    static short halfAtLeast(float v) {
        short h = Float.floatToFloat16(v);
        return Float.float16ToFloat(h) < v ? (short) (h + 1) : h;
    }
}
