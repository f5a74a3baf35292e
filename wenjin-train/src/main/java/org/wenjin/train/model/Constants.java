package org.wenjin.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for the forward pass, made once and kept. DJL's {@code mul(Number)} and kin wrap the number in a tensor over
 * a direct buffer, use it and close it at once; but autograd keeps that tensor for the backward pass (the gradient of
 * {@code x · c} is {@code c} times the upstream one), and once its buffer is collected the backward pass reads freed
 * memory: gradients came out wrong whenever a garbage collection fell between the two passes. A scalar made by
 * libtorch itself ({@code full}) lives as long as any graph that holds it.
 */
final class Constants {
    private Constants() {
    }

    /** A 0-dimensional tensor of {@code value} in libtorch's own memory, attached to {@code manager}. */
    static NDArray scalar(NDManager manager, double value, DataType type) {
        return manager.full(new Shape(), (float) value, type);
    }
}
