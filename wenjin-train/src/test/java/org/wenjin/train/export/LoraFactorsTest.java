package org.wenjin.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wenjin.llm.tensor.SeededRandom;

@ExtendWith(SeededRandom.class)
class LoraFactorsTest {

    @Test
    void addsScaleTimesBTimesA() {
        // A = [[1, 2, 3]] (rank 1 x 3 inputs), B = [[1], [-2]] (2 outputs x rank 1): B·A = [[1, 2, 3], [-2, -4, -6]].
        LoraFactors f = new LoraFactors(1, 3, 2, new float[] {1, 2, 3}, new float[] {1, -2});
        float[] w = {10, 20, 30, 40, 50, 60};

        f.addTo(w, 0.5f);

        assertThat(w).containsExactly(10.5f, 21f, 31.5f, 39f, 48f, 57f);
    }

    @Test
    void matchesTheMatrixProductOnRandomShapes(Random random) {
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + random.nextInt(8);
            int inputs = 1 + random.nextInt(40);
            int outputs = 1 + random.nextInt(40);
            float[] a = gaussians(rank * inputs, random);
            float[] b = gaussians(outputs * rank, random);
            float[] w = gaussians(outputs * inputs, random);
            float[] before = w.clone();
            float scale = 0.1f + random.nextFloat();

            new LoraFactors(rank, inputs, outputs, a, b).addTo(w, scale);

            for (int o = 0; o < outputs; o++) {
                for (int i = 0; i < inputs; i++) {
                    double product = 0;
                    for (int r = 0; r < rank; r++) {
                        product += (double) b[o * rank + r] * a[r * inputs + i];
                    }
                    assertThat(w[o * inputs + i]).as("W'[%d][%d]", o, i)
                            .isCloseTo((float) (before[o * inputs + i] + scale * product), within(1e-5f));
                }
            }
        }
    }

    @Test
    void transposedAIsInputsRowsOfRank() {
        LoraFactors f = new LoraFactors(2, 3, 1, new float[] {1, 2, 3, 4, 5, 6}, new float[] {1, 1});

        assertThat(f.aTransposed()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void rejectsFactorsOfTheWrongSize() {
        assertThatThrownBy(() -> new LoraFactors(2, 3, 4, new float[5], new float[8]))
                .hasMessageContaining("A is rank x inputs = 2 x 3 = 6 values, not 5");
        assertThatThrownBy(() -> new LoraFactors(2, 3, 4, new float[6], new float[6]))
                .hasMessageContaining("B is outputs x rank = 4 x 2 = 8 values, not 6");
        assertThatThrownBy(() -> new LoraFactors(0, 3, 4, new float[0], new float[0]))
                .hasMessageContaining("must all be positive");
        assertThatThrownBy(() -> new LoraFactors(1, 1, 1, new float[] {Float.NaN}, new float[1]))
                .hasMessageContaining("A holds NaN at index 0");
        LoraFactors f = new LoraFactors(1, 2, 2, new float[2], new float[2]);
        assertThatThrownBy(() -> f.addTo(new float[3], 1)).hasMessageContaining("W is outputs x inputs = 2 x 2");
    }

    private static float[] gaussians(int n, Random random) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
