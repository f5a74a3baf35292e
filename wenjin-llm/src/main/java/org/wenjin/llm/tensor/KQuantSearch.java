package org.wenjin.llm.tensor;

import static org.wenjin.llm.tensor.GgmlRounding.nearestInt;

/**
 * The per-sub-block scale searches of ggml's k-quant reference quantizers (ggml-quants.c), in float
 * and in ggml's order of operations: every sum is accumulated left to right and every product
 * grouped as the C source groups it, since a different rounding anywhere can pick another scale and
 * change the bytes of the file.
 */
final class KQuantSearch {

    /**
     * ggml's {@code GROUP_MAX_EPS}: a group whose largest magnitude is below this is stored as zeros.
     */
    static final float GROUP_MAX_EPS = 1e-15f;

    private KQuantSearch() {}

    /**
     * ggml's {@code make_qkx2_quants} (with {@code use_mad} false), for Q4_K and Q5_K: fits
     * {@code x ≈ scale * q - min} with {@code q} in {@code [0, nmax]} to the {@code weights.length}
     * values from {@code x[from]}. It starts from the grid spanning [min(x, 0), max(x)], then tries
     * {@code nstep + 1} grids of {@code nmax + rmin + rdelta * i} steps, each followed by a weighted
     * least-squares fit of scale and min, and keeps the one of least weighted squared error.
     *
     * @param q receives the levels at {@code q[at ...]}
     * @param mins receives the (non-negative) offset at {@code mins[m]}
     * @return the scale
     */
    static float withMin(int nmax, float[] x, int from, float[] weights, int[] q, int at, float[] mins, int m,
            float rmin, float rdelta, int nstep) {
        int n = weights.length;
        float min = x[from];
        float max = x[from];
        float sumW = weights[0];
        float sumX = sumW * x[from];
        for (int i = 1; i < n; i++) {
            float v = x[from + i];
            // Comparisons, not Math.min/max: those order -0 below +0, C's comparisons keep the first.
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            sumW += weights[i];
            sumX += weights[i] * v;
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                q[at + i] = 0;
            }
            mins[m] = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.clamp(nearestInt(iscale * (x[from + i] - min)), 0, nmax);
            q[at + i] = l;
            float diff = scale * l + min - x[from + i];
            bestError += weights[i] * (diff * diff);
        }
        int[] trial = new int[n];
        for (int step = 0; step <= nstep; step++) {
            iscale = (rmin + rdelta * step + nmax) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.clamp(nearestInt(iscale * (x[from + i] - min)), 0, nmax);
                trial[i] = l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[from + i];
            }
            // The normal equations of min over (scale, offset) of sum w (scale * l + offset - x)^2.
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0) {
                    // The offset may only lower values (it is stored as a subtracted min): refit the scale alone.
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * trial[i] + thisMin - x[from + i];
                    error += weights[i] * (diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(trial, 0, q, at, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        mins[m] = -min;
        return scale;
    }

    /**
     * ggml's {@code make_qx_quants} with {@code rmse_type} 1 and no importance weights, for Q6_K: fits
     * {@code x ≈ scale * q} with {@code q} in {@code [-nmax, nmax - 1]} to the {@code n} values from
     * {@code x[from]}, weighting each by {@code x^2}. The grid that puts the value of largest
     * magnitude on {@code -nmax} is refined by least squares, then 18 grids of {@code nmax ± 0.1 i}
     * steps are tried; the one of largest {@code (sum w x q)^2 / sum w q^2} wins.
     *
     * @param q receives the levels plus {@code nmax} (so in {@code [0, 2 nmax)}) at {@code q[at ...]},
     *     or zeros for a group below {@link #GROUP_MAX_EPS}
     * @return the scale
     */
    static float symmetric(int n, int nmax, float[] x, int from, int[] q, int at) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[from + i]);
            if (ax > amax) {
                amax = ax;
                max = x[from + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                q[at + i] = 0;
            }
            return 0f;
        }
        float iscale = -nmax / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[from + i];
            int l = Math.clamp(nearestInt(iscale * v), -nmax, nmax - 1);
            q[at + i] = l + nmax;
            float w = v * v;
            sumLX += w * v * l;
            sumL2 += w * l * l;
        }
        // C's "suml2 ? ..." is true for NaN as well, so the test is != 0, not > 0.
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f;
        float best = scale * sumLX;
        for (int step = -9; step <= 9; step++) {
            if (step == 0) {
                continue;
            }
            iscale = -(nmax + 0.1f * step) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[from + i];
                int l = Math.clamp(nearestInt(iscale * v), -nmax, nmax - 1);
                float w = v * v;
                sumLX += w * v * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    q[at + i] = nmax + Math.clamp(nearestInt(iscale * x[from + i]), -nmax, nmax - 1);
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
