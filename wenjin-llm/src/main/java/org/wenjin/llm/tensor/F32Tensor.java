package org.wenjin.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** IEEE float32 values, 4 bytes each, little-endian. */
final class F32Tensor extends FloatTensor {

    F32Tensor(MemorySegment data, long size) {
        super(data, size);
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public float getFloat(long index) {
        Objects.checkIndex(index, size);
        return data.get(FLOAT, index * 4);
    }

    @Override
    void dequantizeBlock(long block, float[] dst, int dstOffset) {
        dst[dstOffset] = data.get(FLOAT, block * 4);
    }

    @Override
    public void copyTo(long offset, float[] dst, int dstOffset, int n) {
        checkRange(offset, n);
        MemorySegment.copy(data, FLOAT, offset * 4, dst, dstOffset, n);
    }

    @Override
    public float scalarDot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        Objects.checkFromIndexSize(xOffset, n, x.length);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += data.get(FLOAT, (offset + i) * 4) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    float vectorDot(long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(F_SPECIES);
        int upper = F_SPECIES.loopBound(n);
        int i = 0;
        for (; i < upper; i += LANES) {
            FloatVector w = FloatVector.fromMemorySegment(F_SPECIES, data, (offset + i) * 4, LE);
            acc = w.fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += data.get(FLOAT, (offset + i) * 4) * x[xOffset + i];
        }
        return sum;
    }
}
