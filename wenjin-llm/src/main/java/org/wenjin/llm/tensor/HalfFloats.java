package org.wenjin.llm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/** Half-precision values to floats, lane by lane, with integer operations: the Vector API has no half conversion. */
public final class HalfFloats {
    private HalfFloats() {
    }

    /**
     * The floats whose IEEE half-precision bits are the low 16 bits of each lane of {@code halves}, exactly: the
     * magnitude shifted into float position times 2^112 rebiases the exponent (15 to 127) and turns half
     * subnormals into float normals; exponent 31 (infinity, NaN) maps to 255. Small enough that C2 inlines it
     * into the kernels' loops, where a vector passed to a call that is not inlined would be boxed.
     */
    public static FloatVector toFloats(IntVector halves) {
        IntVector magnitude = halves.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        return magnitude.reinterpretAsFloats().mul(0x1.0p112f).reinterpretAsInts()
                .blend(magnitude.or(0x7F80_0000), halves.and(0x7C00).compare(VectorOperators.EQ, 0x7C00))
                .or(halves.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }
}
