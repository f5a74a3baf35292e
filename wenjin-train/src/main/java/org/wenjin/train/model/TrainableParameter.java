package org.wenjin.train.model;

import ai.djl.ndarray.NDArray;

/**
 * A tensor the optimizer updates, under a stable name: the GGUF tensor name for full fine-tuning
 * ({@code blk.0.attn_q.weight}), that name plus {@code .lora_a} / {@code .lora_b} for LoRA factors, as llama.cpp's
 * adapter files name them. Checkpoints store parameters by these names.
 */
public record TrainableParameter(String name, NDArray value) {
}
