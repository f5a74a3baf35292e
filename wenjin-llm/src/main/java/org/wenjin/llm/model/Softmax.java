package org.wenjin.llm.model;

/** Numerically stable softmax: the maximum is subtracted before exponentiating. */
public final class Softmax {
    private Softmax() {
    }

    public static void inPlace(float[] x, int offset, int size) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, x[offset + i]);
        }
        float sum = 0;
        for (int i = 0; i < size; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int i = 0; i < size; i++) {
            x[offset + i] *= inverse;
        }
    }
}
