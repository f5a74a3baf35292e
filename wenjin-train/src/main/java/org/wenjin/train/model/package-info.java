/**
 * The model being trained: {@link org.wenjin.train.model.CausalLm}, the engine's transformer written again in
 * DJL's differentiable PyTorch operations from the same GGUF file, with LoRA factors on chosen matrices
 * ({@link org.wenjin.train.model.AdaptedLinear}) and the backward pass that recomputes activations block by block.
 */
package org.wenjin.train.model;
