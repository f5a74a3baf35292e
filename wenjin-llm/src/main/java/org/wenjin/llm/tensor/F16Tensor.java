package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** IEEE half-precision values, 2 bytes each, little-endian. */
final class F16Tensor extends FloatTensor {

    private static final VectorSpecies<Short> S_SPECIES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, LANES * 16)));
    private static final VectorSpecies<Integer> I_SPECIES = F_SPECIES.withLanes(int.class);

    F16Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F16;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        return Float.float16ToFloat(data.get(SHORT, index * 2));
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        dst[dstOffset] = Float.float16ToFloat(data.get(SHORT, block * 2));
    }

    @Override
    public void copyTo(long offset, float[] dst, int dstOffset, int n) {
        checkRange(offset, n);
        Objects.checkFromIndexSize(dstOffset, n, dst.length);
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = Float.float16ToFloat(data.get(SHORT, (offset + i) * 2));
        }
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        int upper = F_SPECIES.loopBound(n);
        int i = 0;
        for (; i < upper; i += LANES) {
            ShortVector halves = ShortVector.fromMemorySegment(S_SPECIES, data, (offset + i) * 2, LE);
            FloatVector values = HalfFloats.toFloats((IntVector) halves.castShape(I_SPECIES, 0));
            acc = values.fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += Float.float16ToFloat(data.get(SHORT, (offset + i) * 2)) * x[xOffset + i];
        }
        return sum;
    }
}
