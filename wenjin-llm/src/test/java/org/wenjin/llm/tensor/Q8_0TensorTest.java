package org.wenjin.llm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class Q8_0TensorTest {

    @Test
    void aBlockIsAHalfScaleTimesThirtyTwoSignedBytes() {
        MemorySegment block = MemorySegment.ofArray(new byte[34]);
        block.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, (short) 0x3800); // d = 0.5
        for (int j = 0; j < 32; j++) {
            block.set(ValueLayout.JAVA_BYTE, 2 + j, (byte) (j * 8 - 128));
        }
        FloatTensor t = FloatTensor.of(GgmlType.Q8_0, block, 32);
        for (int j = 0; j < 32; j++) {
            assertThat(t.getFloat(j)).isEqualTo((j * 8 - 128) * 0.5f);
        }
    }
}
