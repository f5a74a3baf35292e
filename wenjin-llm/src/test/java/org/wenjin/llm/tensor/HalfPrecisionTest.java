package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void theVectorKernelConvertsEveryFiniteHalfExactly() {
        // All 65536 bit patterns in order; dot products over runs of lanes with x = +-1 are exact in
        // float when every product is converted exactly, since neighbouring patterns differ little.
        MemorySegment all = MemorySegment.ofArray(new byte[2 << 16]);
        for (int h = 0; h < 1 << 16; h++) {
            all.set(SHORT, 2L * h, (short) h);
        }
        FloatTensor t = FloatTensor.of(GgmlType.F16, all, 1 << 16);
        int run = FloatTensor.F_SPECIES.length();
        float[] signs = new float[run];
        for (int start = 0; start < 1 << 16; start += run) {
            double exact = 0;
            boolean finite = true;
            for (int i = 0; i < run; i++) {
                signs[i] = (start + i) % 3 == 0 ? -1f : 1f;
                float v = Float.float16ToFloat((short) (start + i));
                finite &= Float.isFinite(v);
                exact += (double) v * signs[i];
            }
            if (!finite) {
                continue;
            }
            float dot = t.dot(start, signs, 0, run);
            assertThat((double) dot).as("halves 0x%04x..", start)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(Math.ulp((float) Math.abs(exact)) * run + 0x1.0p-149));
        }
        float[] one = {1f};
        assertThat(t.dot(0x7C00, new float[] {1f}, 0, 1)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(t.dot(0xFC00, one, 0, 1)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(t.dot(0x7E00, one, 0, 1)).isNaN();
    }

    @Test
    void f16TensorsReadIeeeHalves() {
        MemorySegment data = MemorySegment.ofArray(new byte[8]);
        data.set(SHORT, 0, (short) 0x3C00); // 1.0
        data.set(SHORT, 2, (short) 0xC000); // -2.0
        data.set(SHORT, 4, (short) 0x0001); // smallest subnormal, 2^-24
        data.set(SHORT, 6, (short) 0x7BFF); // largest finite, 65504
        FloatTensor t = FloatTensor.of(GgmlType.F16, data, 4);
        assertThat(new float[] {t.getFloat(0), t.getFloat(1), t.getFloat(2), t.getFloat(3)})
                .containsExactly(1f, -2f, 0x1.0p-24f, 65504f);
    }

    @Test
    void bf16IsTheUpperHalfOfAFloatRoundedToNearestEven() {
        assertThat(BF16Tensor.fromFloat(1f)).isEqualTo((short) 0x3F80);
        // 1 + 2^-8 lies exactly between 1 and 1 + 2^-7: ties go to the even mantissa, 1.
        assertThat(BF16Tensor.fromFloat(1f + 0x1.0p-8f)).isEqualTo((short) 0x3F80);
        // 1 + 3 * 2^-8 lies between 1 + 2^-7 (odd) and 1 + 2^-6: ties go to 1 + 2^-6.
        assertThat(BF16Tensor.fromFloat(1f + 3 * 0x1.0p-8f)).isEqualTo((short) 0x3F82);
        assertThat(BF16Tensor.fromFloat(1f + 0x1.0p-8f + 0x1.0p-20f)).isEqualTo((short) 0x3F81);
        assertThat(BF16Tensor.toFloat(BF16Tensor.fromFloat(Float.NaN))).isNaN();
        assertThat(BF16Tensor.toFloat((short) 0xC040)).isEqualTo(-3f);
    }

    @Test
    void encodingAsF16RoundsToTheNearestHalf() {
        float[] values = {1f, 1f + 0x1.0p-11f, 1f + 0x1.0p-10f, 65504f, 1e-8f, -0.5f};
        FloatTensor t = FloatTensor.quantize(GgmlType.F16, values);
        float[] back = new float[values.length];
        t.copyTo(0, back, 0, values.length);
        assertThat(back).containsExactly(1f, 1f, 1f + 0x1.0p-10f, 65504f, 0f, -0.5f);
    }
}
