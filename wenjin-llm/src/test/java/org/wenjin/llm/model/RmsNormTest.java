package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RmsNormTest {

    @Test
    void dividesByTheRootMeanSquareAndScalesByTheWeight() {
        float[] x = {3, 4, 0, 0, 10};
        float[] out = new float[4];
        // x[1..4] = 4, 0, 0, 10: mean square 29, so each value is divided by sqrt(29 + eps)
        RmsNorm.apply(out, 0, x, 1, new float[] {1, 2, 3, 0.5f}, 4, 1e-6f);
        double rms = Math.sqrt(29 + 1e-6);
        assertThat(out).containsExactly(new float[] {(float) (4 / rms), 0, 0, (float) (5 / rms)}, within(1e-6f));
    }

    @Test
    void epsilonKeepsAZeroVectorFinite() {
        float[] out = new float[3];
        RmsNorm.apply(out, 0, new float[3], 0, new float[] {1, 1, 1}, 3, 1e-5f);
        assertThat(out).containsExactly(0, 0, 0);
    }

    @Test
    void softmaxSumsToOneAndSurvivesLargeLogits() {
        float[] x = {1000, 1001, 1002, 0};
        Softmax.inPlace(x, 0, 3);
        double e = Math.E;
        double total = 1 + e + e * e;
        assertThat(x).containsExactly(new float[] {(float) (1 / total), (float) (e / total), (float) (e * e / total), 0},
                within(1e-6f));
    }
}
