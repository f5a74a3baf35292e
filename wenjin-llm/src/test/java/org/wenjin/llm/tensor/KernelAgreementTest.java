package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every storage type: the Vector API dot product, the scalar reference dot product, element
 * access and range dequantization all describe the same numbers, on seeded random blocks.
 */
@ExtendWith(SeededRandom.class)
class KernelAgreementTest {

    @org.junit.jupiter.api.BeforeAll
    static void reportTheVectorShape() {
        System.out.println("Vector API kernels " + (FloatTensor.vectorized() ? "on" : "off") + ": "
                + FloatTensor.F_SPECIES.length() + " float lanes");
    }

    static Stream<GgmlType> typesWithKernels() {
        return Arrays.stream(GgmlType.values()).filter(GgmlType::hasKernels);
    }

    @ParameterizedTest
    @MethodSource("typesWithKernels")
    void vectorAndScalarDotProductsAgreeWithAnExactDotOfTheDequantizedValues(GgmlType type, Random random) {
        int blocks = Math.max(1, 4096 / type.blockSize());
        FloatTensor tensor = FloatTensor.of(type, RandomBlocks.of(type, blocks, random), (long) blocks * type.blockSize());
        int n = (int) tensor.size();
        float[] values = new float[n];
        tensor.copyTo(0, values, 0, n);
        float[] x = RandomBlocks.gaussian(n + 7, random);

        for (int trial = 0; trial < 20; trial++) {
            int bs = type.blockSize();
            int firstBlock = random.nextInt(blocks);
            int count = 1 + random.nextInt(blocks - firstBlock);
            long offset = (long) firstBlock * bs;
            int len = count * bs;
            int xOffset = random.nextInt(8);
            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < len; i++) {
                exact += (double) values[(int) offset + i] * x[xOffset + i];
                magnitude += Math.abs((double) values[(int) offset + i] * x[xOffset + i]);
            }
            // Recursive float summation errs by at most about len * 2^-24 of the sum of magnitudes.
            double bound = len * 0x1.0p-23 * magnitude + 1e-30;
            assertThat((double) tensor.dot(offset, x, xOffset, len))
                    .as("%s dot over values [%d, +%d)", type, offset, len)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(bound));
            assertThat((double) tensor.scalarDot(offset, x, xOffset, len))
                    .as("%s scalar dot over values [%d, +%d)", type, offset, len)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(bound));
        }
    }

    @ParameterizedTest
    @MethodSource("typesWithKernels")
    void unalignedRangesFallBackToTheReferenceAndStillAgree(GgmlType type, Random random) {
        int blocks = 3;
        int n = blocks * type.blockSize();
        FloatTensor tensor = FloatTensor.of(type, RandomBlocks.of(type, blocks, random), n);
        float[] values = new float[n];
        tensor.copyTo(0, values, 0, n);
        float[] x = RandomBlocks.gaussian(n, random);
        int offset = random.nextInt(n);
        int len = random.nextInt(n - offset + 1);
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < len; i++) {
            exact += (double) values[offset + i] * x[i];
            magnitude += Math.abs((double) values[offset + i] * x[i]);
        }
        assertThat((double) tensor.dot(offset, x, 0, len))
                .isCloseTo(exact, org.assertj.core.data.Offset.offset(len * 0x1.0p-23 * magnitude + 1e-30));
    }

    @ParameterizedTest
    @MethodSource("typesWithKernels")
    void elementAccessAndRangeCopiesAreTheSameBits(GgmlType type, Random random) {
        int blocks = 4;
        int n = blocks * type.blockSize();
        MemorySegment data = RandomBlocks.of(type, blocks, random);
        FloatTensor tensor = FloatTensor.of(type, data, n);
        float[] whole = new float[n];
        tensor.copyTo(0, whole, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(tensor.getFloat(i)))
                    .as("%s value %d", type, i)
                    .isEqualTo(Float.floatToRawIntBits(whole[i]));
        }
        int offset = random.nextInt(n);
        int len = random.nextInt(n - offset + 1);
        float[] part = new float[len + 3];
        tensor.copyTo(offset, part, 3, len);
        assertThat(Arrays.copyOfRange(part, 3, 3 + len)).containsExactly(Arrays.copyOfRange(whole, offset, offset + len));
    }
}
