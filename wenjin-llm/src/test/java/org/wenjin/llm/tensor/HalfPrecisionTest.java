package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void theVectorHalfConversionIsExactForAll65536BitPatterns() {
        VectorSpecies<Integer> ints = FloatTensor.F_SPECIES.withLanes(int.class);
        int lanes = ints.length();
        int[] halves = new int[lanes];
        float[] floats = new float[lanes];
        for (int start = 0; start < 1 << 16; start += lanes) {
            for (int i = 0; i < lanes; i++) {
                halves[i] = (short) (start + i); // sign-extended, as the kernels widen them
            }
            FloatVector converted = F16Tensor.toFloats(IntVector.fromArray(ints, halves, 0));
            converted.intoArray(floats, 0);
            for (int i = 0; i < lanes; i++) {
                float expected = Float.float16ToFloat((short) halves[i]);
                if (Float.isNaN(expected)) {
                    assertThat(floats[i]).as("half 0x%04x", start + i).isNaN();
                } else {
                    assertThat(Float.floatToRawIntBits(floats[i])).as("half 0x%04x", start + i)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
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
