package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Encoding floats into each type and decoding them again loses no more than the type's resolution.
 * The bounds are on the root-mean-square error relative to the root-mean-square of the data, for
 * Gaussian data where 1 value in 64 is drawn 8x wider (outliers widen their block's grid). Each
 * bound sits about 1.4x above what these quantizers (ggml's reference ones) reach (Q8_0 0.009,
 * Q6_K 0.027, Q5_K 0.048, Q5_1 0.049, Q5_0 0.071, Q4_K 0.093, Q4_1 0.098, Q4_0 0.148), below the
 * next coarser type.
 */
@ExtendWith(SeededRandom.class)
class QuantizationTest {

    @ParameterizedTest
    @CsvSource({
        "F32,  0",
        "F16,  0.0004",
        "BF16, 0.003",
        "Q8_0, 0.013",
        "Q6_K, 0.04",
        "Q5_1, 0.07",
        "Q5_K, 0.07",
        "Q5_0, 0.1",
        "Q4_1, 0.14",
        "Q4_K, 0.14",
        "Q4_0, 0.2",
    })
    void roundTripErrorIsWithinTheTypesResolution(GgmlType type, double bound, Random random) {
        float[] values = RandomBlocks.gaussian(256 * 64, random);
        FloatTensor encoded = FloatTensor.quantize(type, values);
        float[] decoded = new float[values.length];
        encoded.copyTo(0, decoded, 0, values.length);
        double error = 0;
        double signal = 0;
        double worst = 0;
        for (int i = 0; i < values.length; i++) {
            error += (values[i] - decoded[i]) * (double) (values[i] - decoded[i]);
            signal += values[i] * (double) values[i];
            worst = Math.max(worst, Math.abs(values[i] - decoded[i]));
        }
        double relative = Math.sqrt(error / signal);
        System.out.printf("%s relative rms error %.5f, worst %.4f%n", type, relative, worst);
        assertThat(relative).as("%s relative rms error", type).isLessThanOrEqualTo(bound);
    }

    @Test
    void zerosDecodeToZero() {
        for (GgmlType type : GgmlType.values()) {
            if (!type.hasKernels()) {
                continue;
            }
            float[] zeros = new float[256];
            float[] back = new float[256];
            FloatTensor.quantize(type, zeros).copyTo(0, back, 0, 256);
            for (float v : back) {
                assertThat(v == 0f).as("%s decodes zeros to %s", type, v).isTrue(); // -0 like ggml's d = 0 / -8
            }
        }
    }

    @Test
    void quantizedTypesRejectNonFiniteValues() {
        float[] values = new float[32];
        values[5] = Float.NaN;
        assertThatThrownBy(() -> FloatTensor.quantize(GgmlType.Q8_0, values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 5");
        assertThat(FloatTensor.quantize(GgmlType.F32, values).getFloat(5)).isNaN();
    }
}
