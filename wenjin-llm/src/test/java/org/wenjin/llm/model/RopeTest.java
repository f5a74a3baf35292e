package org.wenjin.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RopeTest {
    private static final int HEAD = 8;

    private static float[] rotated(Rope rope, float[] x, int position) {
        float[] cos = new float[rope.dimensions() / 2];
        float[] sin = new float[rope.dimensions() / 2];
        rope.angles(position, cos, sin);
        float[] out = x.clone();
        rope.rotate(out, 0, out.length / HEAD, HEAD, cos, sin);
        return out;
    }

    private static float[] random(long seed, int n) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void normalStyleRotatesAdjacentPairsByPositionTimesBaseToTheMinusTwoIOverD() {
        Rope rope = new Rope(RopeStyle.NORMAL, HEAD, 10000, 1, null);
        float[] x = {1, 0, 1, 0, 1, 0, 1, 0};
        float[] out = rotated(rope, x, 3);
        for (int i = 0; i < HEAD / 2; i++) {
            double theta = 3 * Math.pow(10000, -2.0 * i / HEAD);
            assertThat(out[2 * i]).isCloseTo((float) Math.cos(theta), within(1e-6f));
            assertThat(out[2 * i + 1]).isCloseTo((float) Math.sin(theta), within(1e-6f));
        }
    }

    @Test
    void neoxStyleRotatesEntryIWithEntryIPlusHalf() {
        Rope rope = new Rope(RopeStyle.NEOX, HEAD, 10000, 1, null);
        float[] x = {1, 1, 1, 1, 0, 0, 0, 0};
        float[] out = rotated(rope, x, 5);
        for (int i = 0; i < HEAD / 2; i++) {
            double theta = 5 * Math.pow(10000, -2.0 * i / HEAD);
            assertThat(out[i]).isCloseTo((float) Math.cos(theta), within(1e-6f));
            assertThat(out[i + HEAD / 2]).isCloseTo((float) Math.sin(theta), within(1e-6f));
        }
    }

    @Test
    void positionZeroChangesNothing() {
        float[] x = random(1, 3 * HEAD);
        assertThat(rotated(new Rope(RopeStyle.NORMAL, HEAD, 10000, 1, null), x, 0)).containsExactly(x);
        assertThat(rotated(new Rope(RopeStyle.NEOX, HEAD, 10000, 1, null), x, 0)).containsExactly(x);
    }

    @Test
    void attentionScoresDependOnlyOnTheDistanceBetweenPositions() {
        for (RopeStyle style : RopeStyle.values()) {
            Rope rope = new Rope(style, HEAD, 500000, 1, null);
            float[] q = random(2, HEAD);
            float[] k = random(3, HEAD);
            double near = dot(rotated(rope, q, 7), rotated(rope, k, 4));
            double far = dot(rotated(rope, q, 1007), rotated(rope, k, 1004));
            assertThat(far).as(style.name()).isCloseTo(near, within(1e-3));
            assertThat(Math.sqrt(dot(rotated(rope, q, 123), rotated(rope, q, 123))))
                    .isCloseTo(Math.sqrt(dot(q, q)), within(1e-4));
        }
    }

    @Test
    void onlyTheFirstDimensionCountEntriesOfAHeadAreRotated() {
        Rope rope = new Rope(RopeStyle.NEOX, 4, 10000, 1, null);
        float[] x = random(4, HEAD);
        float[] out = rotated(rope, x, 9);
        for (int i = 4; i < HEAD; i++) {
            assertThat(out[i]).isEqualTo(x[i]);
        }
        assertThat(out[0]).isNotEqualTo(x[0]);
    }

    @Test
    void frequencyFactorsAndLinearScalingSlowTheRotationDown() {
        float[] factors = {1, 2, 4, 8};
        Rope scaled = new Rope(RopeStyle.NORMAL, HEAD, 10000, 1, factors);
        Rope plain = new Rope(RopeStyle.NORMAL, HEAD, 10000, 1, null);
        Rope linear = new Rope(RopeStyle.NORMAL, HEAD, 10000, 0.25, null);
        float[] cos = new float[4];
        float[] sin = new float[4];
        float[] plainCos = new float[4];
        float[] plainSin = new float[4];
        for (int i = 0; i < 4; i++) {
            scaled.angles(40, cos, sin);
            plain.angles((int) (40 / factors[i]), plainCos, plainSin);
            assertThat(cos[i]).isCloseTo(plainCos[i], within(1e-6f));
            assertThat(sin[i]).isCloseTo(plainSin[i], within(1e-6f));
        }
        linear.angles(40, cos, sin);
        plain.angles(10, plainCos, plainSin);
        assertThat(cos).containsExactly(plainCos, within(1e-6f));
    }
}
