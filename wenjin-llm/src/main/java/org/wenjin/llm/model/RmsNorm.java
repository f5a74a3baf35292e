package org.wenjin.llm.model;

/**
 * Root-mean-square layer normalisation (Zhang and Sennrich, arXiv:1910.07467):
 * {@code out = x / sqrt(mean(x^2) + eps) * weight}. The sum is kept in double so long vectors lose nothing.
 */
public final class RmsNorm {
    private RmsNorm() {
    }

    public static void apply(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int size, float eps) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            float v = x[xOffset + i];
            sum += v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(sum / size + eps));
        for (int i = 0; i < size; i++) {
            out[outOffset + i] = x[xOffset + i] * scale * weight[i];
        }
    }
}
