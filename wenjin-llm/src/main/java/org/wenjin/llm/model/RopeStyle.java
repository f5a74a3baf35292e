package org.wenjin.llm.model;

/**
 * Which dimensions of a head RoPE rotates together (ggml's {@code ggml_rope} modes).
 */
public enum RopeStyle {
    /**
     * Adjacent pairs (2i, 2i+1), as in the RoFormer paper (arXiv:2104.09864) and Meta's Llama code. llama.cpp's
     * converter permutes the Hugging Face Q/K weights of {@code llama} models back into this layout.
     */
    NORMAL,
    /** Halves: pair (i, i + d/2), as GPT-NeoX and Hugging Face's {@code rotate_half} do; used by Qwen. */
    NEOX
}
