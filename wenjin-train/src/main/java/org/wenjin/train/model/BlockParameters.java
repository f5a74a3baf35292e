package org.wenjin.train.model;

import ai.djl.ndarray.NDArray;

/**
 * The parameters of one transformer block as {@link org.wenjin.llm.model.LayerWeights} holds them for the engine,
 * here as tensors the training engine differentiates through. Optional parts are null when the architecture lacks
 * them (Q/K/V biases: Qwen2; per-head Q/K norms: Qwen3).
 */
record BlockParameters(NDArray attentionNorm, AdaptedLinear query, AdaptedLinear key, AdaptedLinear value,
                       NDArray queryBias, NDArray keyBias, NDArray valueBias,
                       NDArray queryNorm, NDArray keyNorm, AdaptedLinear attentionOutput,
                       NDArray feedForwardNorm, AdaptedLinear gate, AdaptedLinear up, AdaptedLinear down) {

    AdaptedLinear matrix(LoraTarget target) {
        return switch (target) {
            case QUERY -> query;
            case KEY -> key;
            case VALUE -> value;
            case OUTPUT -> attentionOutput;
            case GATE -> gate;
            case UP -> up;
            case DOWN -> down;
        };
    }
}
