package org.wenjin.llm.model;

/**
 * Rotary position embedding (Su et al., RoFormer, arXiv:2104.09864) as ggml computes it: pair i of the
 * first {@code dimensions} entries of each head turns by {@code position * scale * base^(-2i/d) / factor_i},
 * where {@code scale} is the linear scaling ({@code 1 / rope.scaling.factor}) and {@code factor_i} the
 * optional per-frequency divisors of the {@code rope_freqs.weight} tensor (Llama 3.1's long-context scaling).
 * Entries past {@code dimensions} are left as they are.
 *
 * <p>The angles of one position are shared by every head and layer, so they are computed once per token
 * into the caller's {@code cos}/{@code sin} arrays (length {@code dimensions / 2}).
 */
public final class Rope {
    private final RopeStyle style;
    private final int dimensions;
    private final double[] frequencies;

    public Rope(RopeStyle style, int dimensions, double base, double linearScale, float[] frequencyFactors) {
        if (dimensions <= 0 || dimensions % 2 != 0) {
            throw new IllegalArgumentException("rope dimension count must be positive and even, was " + dimensions);
        }
        if (frequencyFactors != null && frequencyFactors.length != dimensions / 2) {
            throw new IllegalArgumentException("rope_freqs has " + frequencyFactors.length
                    + " factors, but rope.dimension_count " + dimensions + " needs " + dimensions / 2);
        }
        this.style = style;
        this.dimensions = dimensions;
        this.frequencies = new double[dimensions / 2];
        for (int i = 0; i < frequencies.length; i++) {
            double frequency = linearScale * Math.pow(base, -2.0 * i / dimensions);
            frequencies[i] = frequencyFactors == null ? frequency : frequency / frequencyFactors[i];
        }
    }

    public int dimensions() {
        return dimensions;
    }

    public RopeStyle style() {
        return style;
    }

    /** Fills {@code cos[i]} and {@code sin[i]} with the rotation of pair i at {@code position}. */
    public void angles(int position, float[] cos, float[] sin) {
        for (int i = 0; i < frequencies.length; i++) {
            double theta = position * frequencies[i];
            cos[i] = (float) Math.cos(theta);
            sin[i] = (float) Math.sin(theta);
        }
    }

    /** Rotates {@code heads} consecutive heads of {@code headSize} entries starting at {@code offset}. */
    public void rotate(float[] x, int offset, int heads, int headSize, float[] cos, float[] sin) {
        int half = dimensions / 2;
        for (int h = 0; h < heads; h++) {
            int head = offset + h * headSize;
            for (int i = 0; i < half; i++) {
                int a = style == RopeStyle.NORMAL ? head + 2 * i : head + i;
                int b = style == RopeStyle.NORMAL ? a + 1 : a + half;
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * cos[i] - x1 * sin[i];
                x[b] = x0 * sin[i] + x1 * cos[i];
            }
        }
    }
}
