package org.wenjin.llm.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The decoder-only transformers this engine runs, and everything that differs between them. They share one
 * forward pass (pre-norm RMSNorm, grouped-query attention with RoPE, SwiGLU feed-forward); this table is the
 * only place the differences live. Names are GGUF's {@code general.architecture} values.
 *
 * @param ggufName   the {@code general.architecture} value and the prefix of its metadata keys
 * @param ropeStyle  which dimensions RoPE pairs (llama.cpp's {@code llama_model_rope_type})
 * @param qkvBias    whether {@code attn_q/k/v.bias} must be present (Qwen2 adds biases to Q, K and V)
 * @param qkNorm     whether each head of Q and K is RMS-normalised before RoPE
 *                   ({@code attn_q_norm}/{@code attn_k_norm}, Qwen3)
 */
public enum Architecture {
    LLAMA("llama", RopeStyle.NORMAL, false, false),
    QWEN2("qwen2", RopeStyle.NEOX, true, false),
    QWEN3("qwen3", RopeStyle.NEOX, false, true);

    private final String ggufName;
    private final RopeStyle ropeStyle;
    private final boolean qkvBias;
    private final boolean qkNorm;

    Architecture(String ggufName, RopeStyle ropeStyle, boolean qkvBias, boolean qkNorm) {
        this.ggufName = ggufName;
        this.ropeStyle = ropeStyle;
        this.qkvBias = qkvBias;
        this.qkNorm = qkNorm;
    }

    public String ggufName() {
        return ggufName;
    }

    public RopeStyle ropeStyle() {
        return ropeStyle;
    }

    public boolean qkvBias() {
        return qkvBias;
    }

    public boolean qkNorm() {
        return qkNorm;
    }

    /**
     * Looks an architecture up by its GGUF name.
     *
     * @param source where the name came from (a file name), for the error message
     * @throws UnsupportedArchitectureException if the engine has no forward pass for it
     */
    public static Architecture fromGguf(String name, String source) {
        for (Architecture architecture : values()) {
            if (architecture.ggufName.equals(name)) {
                return architecture;
            }
        }
        throw new UnsupportedArchitectureException(source, name, Arrays.stream(values())
                .map(Architecture::ggufName).collect(Collectors.joining(", ")));
    }
}
