package org.wenjin.llm.reference;

import org.wenjin.llm.tensor.GgmlType;

/**
 * How closely two computations of the same model must agree (see {@link Agreement}).
 *
 * @param margin      the reference's top-1 must beat its top-2 by more than this probability for the
 *                    candidate to be required to pick the same token
 * @param probability the largest allowed |Δp| over the reference's top-k tokens
 */
record Tolerance(double margin, double probability) {

    /**
     * Two float32 computations of the same weights that differ only in summation order: the engine on a
     * file and llama.cpp on its F32 twin or on an F32 file. Measured over the full matrix: |Δp| at most
     * 2e-5 (4e-4 for node-llama-cpp's build 255 positions into stories260K), no top token ever flipped.
     */
    static final Tolerance EXACT = new Tolerance(1e-3, 1e-3);

    /**
     * The engine, which multiplies float activations with the stored weights, against llama.cpp on the same
     * file. llama.cpp's CPU backend first rounds the activations to the weight type's dot-product partner
     * ({@code vec_dot_type} in ggml-cpu.c): F16 for F16, BF16 for BF16, Q8_0/Q8_1 for the 32-value quants,
     * Q8_K for the K-quants. Allowances are about twice the largest differences measured over the full
     * matrix (3 architectures x 3 seeds x 192 positions): flipped gap / |Δp| were F16 6e-4 / 1.4e-3, BF16
     * 3.6e-3 / 1.3e-2, 32-value quants 4.1e-2 / 5.9e-2, K-quants 0.14 / 0.11 (Q6_K; Q4_K and Q5_K 0.08).
     */
    static Tolerance llamaCppRounding(GgmlType type) {
        return switch (type) {
            case F32 -> EXACT;
            case F16 -> new Tolerance(0.005, 0.005);
            case BF16 -> new Tolerance(0.01, 0.03);
            case Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 -> new Tolerance(0.08, 0.1);
            default -> new Tolerance(0.25, 0.2);
        };
    }
}
