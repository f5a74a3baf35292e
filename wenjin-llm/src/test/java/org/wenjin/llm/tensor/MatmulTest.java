package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Matrix-vector products match per-row dot products. Values are compared to 1e-3 (on sums of order
 * 10..100), not bit for bit, because the Vector API leaves the order of a lane reduction open and
 * interpreted and compiled code may sum in different orders.
 */
@ExtendWith(SeededRandom.class)
class MatmulTest {

    @Test
    void everyOutputIsTheDotProductOfItsRow(Random random) {
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.Q8_0}) {
            for (int[] shape : new int[][] {{1, 32}, {7, 64}, {300, 256}, {513, 128}}) {
                int rows = shape[0];
                int cols = shape[1];
                FloatTensor w = FloatTensor.quantize(type, RandomBlocks.gaussian(rows * cols, random));
                float[] x = RandomBlocks.gaussian(cols, random);
                float[] out = new float[rows + 1];
                out[rows] = 42f;
                w.matmul(x, out, rows, cols);
                for (int r = 0; r < rows; r++) {
                    assertThat(out[r]).as("%s %dx%d row %d", type, rows, cols, r)
                            .isCloseTo(w.dot((long) r * cols, x, 0, cols), within(1e-3f));
                }
                assertThat(out[rows]).as("untouched past the rows").isEqualTo(42f);
            }
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnResult(Random random) throws Exception {
        int rows = 256;
        int cols = 256;
        FloatTensor w = FloatTensor.quantize(GgmlType.F32, RandomBlocks.gaussian(rows * cols, random));
        float[][] xs = new float[4][];
        float[][] expected = new float[4][rows];
        for (int c = 0; c < xs.length; c++) {
            xs[c] = RandomBlocks.gaussian(cols, random);
            for (int r = 0; r < rows; r++) {
                expected[c][r] = w.dot((long) r * cols, xs[c], 0, cols);
            }
        }
        try (ExecutorService callers = Executors.newFixedThreadPool(xs.length)) {
            Future<?>[] done = new Future<?>[xs.length];
            for (int c = 0; c < xs.length; c++) {
                int caller = c;
                done[c] = callers.submit(() -> {
                    float[] out = new float[rows];
                    for (int repeat = 0; repeat < 50; repeat++) {
                        w.matmul(xs[caller], out, rows, cols);
                        for (int r = 0; r < rows; r++) {
                            assertThat(out[r]).isCloseTo(expected[caller][r], within(1e-3f));
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @Test
    void aMatrixLargerThanTheTensorIsRejected() {
        FloatTensor w = FloatTensor.quantize(GgmlType.F32, new float[64]);
        assertThatThrownBy(() -> w.matmul(new float[16], new float[5], 5, 16))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> w.matmul(new float[8], new float[4], 4, 16))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
