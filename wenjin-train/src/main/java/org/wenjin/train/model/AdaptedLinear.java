package org.wenjin.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * A weight matrix W (outputs × inputs, GGUF's row-major layout) and, when LoRA adapts it, its factors A and B:
 * {@code y = x·Wᵀ + (alpha / r) · dropout(x)·Aᵀ·Bᵀ}. The low-rank path is computed as two thin products, never
 * as the full B·A, so an adapter costs r · (inputs + outputs) multiplications per token.
 */
public final class AdaptedLinear {
    private final String name;
    private final NDArray weight;
    private final NDArray loraA;
    private final NDArray loraB;
    private final NDArray scale;
    private final float dropout;

    AdaptedLinear(String name, NDArray weight, NDArray loraA, NDArray loraB, float scale, float dropout) {
        this.scale = loraA == null ? null : Constants.scalar(weight.getManager(), scale, loraA.getDataType());
        this.name = name;
        this.weight = weight;
        this.loraA = loraA;
        this.loraB = loraB;
        this.dropout = dropout;
    }

    /** The GGUF tensor name of W. */
    public String name() {
        return name;
    }

    public NDArray weight() {
        return weight;
    }

    /** A (rank × inputs), or null without LoRA. */
    public NDArray loraA() {
        return loraA;
    }

    /** B (outputs × rank), or null without LoRA. */
    public NDArray loraB() {
        return loraB;
    }

    public boolean adapted() {
        return loraA != null;
    }

    public long inputs() {
        return weight.getShape().get(1);
    }

    public long outputs() {
        return weight.getShape().get(0);
    }

    /** x (tokens × inputs) to tokens × outputs; dropout on the adapter's input only while training. */
    NDArray apply(NDArray x, NDArray bias, boolean training) {
        NDArray y = bias == null ? Linear.linear(x, weight).singletonOrThrow() : Linear.linear(x, weight, bias).singletonOrThrow();
        if (loraA == null) {
            return y;
        }
        NDArray in = training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
        // The scale is applied to the thin tokens × rank product, not to the tokens × outputs one: one wide copy less.
        NDArray thin = Linear.linear(in, loraA).singletonOrThrow().mul(scale);
        return y.add(Linear.linear(thin, loraB).singletonOrThrow());
    }
}
