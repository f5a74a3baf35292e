package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The integer kernels multiply a weight row with its input rounded to 8 bits, as llama.cpp does (Q8_0 blocks,
 * or Q8_K's 256-value blocks for the K-quants): the result must be the exact dot product of the dequantized
 * weights with the dequantized rounded input, up to float summation error, and the rounding itself must stay
 * within half a quantization step per value.
 */
@ExtendWith(SeededRandom.class)
class IntegerDotTest {

    static Stream<GgmlType> typesWithIntegerKernels() {
        return Arrays.stream(GgmlType.values()).filter(GgmlType::hasKernels)
                .filter(type -> FloatTensor.quantize(type, new float[type.blockSize()]).hasIntegerDot());
    }

    @Test
    void theTypesOfCommonFilesHaveIntegerKernels() {
        assertThat(typesWithIntegerKernels())
                .contains(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q5_0, GgmlType.Q4_K, GgmlType.Q6_K);
    }

    @ParameterizedTest
    @MethodSource("typesWithIntegerKernels")
    void integerDotIsTheExactDotWithTheRoundedInput(GgmlType type, Random random) {
        assumeThat(FloatTensor.INTEGER_KERNELS).as("256-bit vectors").isTrue();
        int rows = 6;
        int cols = 4 * 256;
        FloatTensor w = FloatTensor.of(type, RandomBlocks.of(type, rows * cols / type.blockSize(), random), (long) rows * cols);
        float[] values = new float[rows * cols];
        w.copyTo(0, values, 0, values.length);
        for (int trial = 0; trial < 10; trial++) {
            float[] x = RandomBlocks.gaussian(cols, random);
            if (trial % 3 == 1) {
                Arrays.fill(x, 64, 96, 0f); // an all-zero block has scale 0
            }
            QuantizedVector rounded = new QuantizedVector();
            rounded.quantize(x, 0, cols, w.activationBlock());
            for (int r = 0; r < rows; r++) {
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < cols; i++) {
                    double xi = rounded.q[i] * (double) rounded.d[i / rounded.block];
                    exact += values[r * cols + i] * xi;
                    magnitude += Math.abs(values[r * cols + i] * xi);
                }
                assertThat((double) w.integerDot((long) r * cols, rounded, cols))
                        .as("%s row %d", type, r)
                        .isCloseTo(exact, Offset.offset(cols * 0x1.0p-22 * magnitude + 1e-30));
            }
        }
    }

    /** 32 values per scale as ggml's Q8_0 for the 32-value quants; 256 as its Q8_K for the K-quants. */
    @ParameterizedTest
    @ValueSource(ints = {32, 256})
    void roundingErrsByAtMostHalfAStepPerValue(int block, Random random) {
        float[] x = RandomBlocks.gaussian(512, random);
        x[5] = 0f;
        QuantizedVector rounded = new QuantizedVector();
        rounded.quantize(x, 0, x.length, block);
        for (int i = 0; i < x.length; i++) {
            float d = rounded.d[i / block];
            // The stored scale is the half-precision one; the quants were rounded with the exact scale.
            assertThat((double) rounded.q[i] * d).as("value %d", i)
                    .isCloseTo(x[i], Offset.offset(0.5 * d + Math.abs(x[i]) * 1e-3));
            assertThat(Math.abs(rounded.q[i])).isLessThanOrEqualTo(127);
            assertThat(rounded.values[i]).isEqualTo(rounded.q[i] * d);
        }
        for (int c = 0; c < x.length / 32; c++) {
            float sum = 0;
            for (int i = 32 * c; i < 32 * c + 32; i++) {
                sum += rounded.q[i];
            }
            assertThat(rounded.sums[c]).as("sum of values [%d, %d)", 32 * c, 32 * c + 32)
                    .isCloseTo(sum * rounded.d[32 * c / block], Offset.offset(1e-5f * (1 + Math.abs(rounded.sums[c]))));
        }
    }

    @ParameterizedTest
    @MethodSource("typesWithIntegerKernels")
    void matmulWithRoundedActivationsUsesTheIntegerKernelOnEveryRow(GgmlType type, Random random) {
        assumeThat(FloatTensor.INTEGER_KERNELS).as("256-bit vectors").isTrue();
        int rows = 300;
        int cols = 512;
        FloatTensor w = FloatTensor.of(type, RandomBlocks.of(type, rows * cols / type.blockSize(), random), (long) rows * cols);
        float[] x = RandomBlocks.gaussian(cols, random);
        float[] out = new float[rows];
        boolean before = FloatTensor.roundsActivations();
        FloatTensor.setRoundActivations(true);
        try {
            w.matmul(x, out, rows, cols);
        } finally {
            FloatTensor.setRoundActivations(before);
        }
        QuantizedVector rounded = new QuantizedVector();
        rounded.quantize(x, 0, cols, w.activationBlock());
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            // Equal up to the order of the final lane reduction, which compiled code may change: a rounding error
            // relative to the size of the terms summed, not of their sum (the K-quants' minimums cancel much of it).
            w.copyTo((long) r * cols, row, 0, cols);
            double magnitude = 0;
            for (int i = 0; i < cols; i++) {
                magnitude += Math.abs(row[i] * rounded.values[i]);
            }
            float expected = w.integerDot((long) r * cols, rounded, cols);
            assertThat(out[r]).as("%s row %d", type, r).isCloseTo(expected, Offset.offset((float) (1e-5 * (1 + magnitude))));
        }
    }
}
