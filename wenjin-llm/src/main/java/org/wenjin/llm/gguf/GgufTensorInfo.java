package org.wenjin.llm.gguf;

import java.util.Arrays;
import java.util.Objects;
import org.wenjin.llm.tensor.GgmlType;

/**
 * A tensor's entry in a GGUF file's tensor table.
 *
 * @param name the tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dimensions the sizes in ggml order, the fastest-varying (row length, ne0) first
 * @param type the storage type
 * @param offset where the tensor's data starts, relative to the start of the file's data section
 */
public record GgufTensorInfo(String name, long[] dimensions, GgmlType type, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dimensions = dimensions.clone();
        long elements = 1;
        for (long d : dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension");
            }
            elements = Math.multiplyExact(elements, d);
        }
        if (dimensions.length > 0 && dimensions[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' rows of " + dimensions[0]
                    + " values are not a whole number of " + type + " blocks of " + type.blockSize());
        }
        type.byteSize(elements); // fails on overflow
        if (offset < 0) {
            throw new IllegalArgumentException("tensor '" + name + "' has a negative offset");
        }
    }

    /** A copy of the dimensions, ne0 first. */
    @Override
    public long[] dimensions() {
        return dimensions.clone();
    }

    /** Size of dimension {@code i} (ne_i), 1 beyond the stored dimensions as in ggml. */
    public long dimension(int i) {
        return i < dimensions.length ? dimensions[i] : 1;
    }

    /** Number of stored dimensions. */
    public int rank() {
        return dimensions.length;
    }

    /** Number of values. */
    public long elementCount() {
        long elements = 1;
        for (long d : dimensions) {
            elements *= d;
        }
        return elements;
    }

    /** Bytes the data occupies. */
    public long byteSize() {
        return type.byteSize(elementCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo other
                && name.equals(other.name)
                && Arrays.equals(dimensions, other.dimensions)
                && type == other.type
                && offset == other.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dimensions), type, offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dimensions) + " @" + offset;
    }
}
