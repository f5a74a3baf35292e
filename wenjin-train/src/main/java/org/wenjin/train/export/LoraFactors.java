package org.wenjin.train.export;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trained low-rank update of one weight matrix: W' = W + (alpha / rank) · B·A. {@code a} is rank x inputs
 * row-major, {@code b} is outputs x rank row-major. W is outputs x inputs, as GGUF stores a matrix of ggml
 * dimensions [inputs, outputs] (ne0, the row length, first). The arrays are held, not copied.
 */
public record LoraFactors(int rank, int inputs, int outputs, float[] a, float[] b) {

    public LoraFactors {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (rank <= 0 || inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("rank " + rank + ", inputs " + inputs + " and outputs " + outputs
                    + " must all be positive");
        }
        if (a.length != (long) rank * inputs) {
            throw new IllegalArgumentException("A is rank x inputs = " + rank + " x " + inputs + " = "
                    + (long) rank * inputs + " values, not " + a.length);
        }
        if (b.length != (long) outputs * rank) {
            throw new IllegalArgumentException("B is outputs x rank = " + outputs + " x " + rank + " = "
                    + (long) outputs * rank + " values, not " + b.length);
        }
        requireFinite("A", a);
        requireFinite("B", b);
    }

    /**
     * Adds {@code scale} · B·A to {@code weights}, an outputs x inputs matrix in row-major order (GGUF order),
     * in float arithmetic.
     */
    public void addTo(float[] weights, float scale) {
        if (weights.length != (long) outputs * inputs) {
            throw new IllegalArgumentException("W is outputs x inputs = " + outputs + " x " + inputs + " = "
                    + (long) outputs * inputs + " values, not " + weights.length);
        }
        float[] delta = new float[inputs];
        for (int o = 0; o < outputs; o++) {
            // Row o of B·A is the sum over r of B[o][r] times row r of A.
            Arrays.fill(delta, 0f);
            for (int r = 0; r < rank; r++) {
                float coefficient = b[o * rank + r];
                int row = r * inputs;
                for (int i = 0; i < inputs; i++) {
                    delta[i] += coefficient * a[row + i];
                }
            }
            int at = o * inputs;
            for (int i = 0; i < inputs; i++) {
                weights[at + i] += scale * delta[i];
            }
        }
    }

    /** A transposed: inputs x rank, row-major. */
    float[] aTransposed() {
        float[] t = new float[a.length];
        for (int r = 0; r < rank; r++) {
            for (int i = 0; i < inputs; i++) {
                t[i * rank + r] = a[r * inputs + i];
            }
        }
        return t;
    }

    private static void requireFinite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " holds " + values[i] + " at index " + i);
            }
        }
    }
}
