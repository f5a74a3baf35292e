package org.wenjin.llm.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.wenjin.llm.tensor.GgmlType;

/**
 * The architectures, tensor types and sequences the engine is compared with llama.cpp on. The default run
 * covers every tensor type once and every architecture with four of them, on one seed, in about a minute;
 * {@code -Preference-full} (system property {@code wenjin.reference.full}) runs every architecture with every
 * type on three seeds, with longer sequences.
 */
final class Matrix {

    static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "qwen3");
    static final List<GgmlType> ALL_TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
            GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K);

    static final boolean FULL = Boolean.getBoolean("wenjin.reference.full");
    static final long SEED = 42;
    static final List<Long> SEEDS = FULL ? List.of(42L, 43L, 44L) : List.of(SEED);
    /** Tokens of a teacher-forced sequence. */
    static final int LENGTH = FULL ? 192 : 40;
    /** Tokens of a greedy run. */
    static final int GREEDY = FULL ? 128 : 24;
    /** Depth of the reference's top-k. */
    static final int K = 5;

    record Case(String architecture, GgmlType type) {
        @Override
        public String toString() {
            return architecture + " " + type;
        }
    }

    private Matrix() {}

    /** The default run's cases: each type on one architecture, the formats most files use spread over all three. */
    private static final List<Case> DEFAULT_CASES = List.of(
            new Case("llama", GgmlType.F32), new Case("llama", GgmlType.Q4_0), new Case("llama", GgmlType.Q5_1),
            new Case("llama", GgmlType.Q6_K),
            new Case("qwen2", GgmlType.F16), new Case("qwen2", GgmlType.Q8_0), new Case("qwen2", GgmlType.Q4_1),
            new Case("qwen2", GgmlType.Q5_K),
            new Case("qwen3", GgmlType.F32), new Case("qwen3", GgmlType.BF16), new Case("qwen3", GgmlType.Q4_K),
            new Case("qwen3", GgmlType.Q5_0));

    static List<Case> cases() {
        if (!FULL) {
            return DEFAULT_CASES;
        }
        List<Case> cases = new ArrayList<>();
        for (String architecture : ARCHITECTURES) {
            for (GgmlType type : ALL_TYPES) {
                cases.add(new Case(architecture, type));
            }
        }
        return cases;
    }

    /** BOS, then random ids of stories260K's vocabulary past its three control tokens. */
    static int[] tokens(long seed) {
        Random random = new Random(seed);
        int[] tokens = new int[LENGTH];
        tokens[0] = Testdata.BOS;
        for (int i = 1; i < tokens.length; i++) {
            tokens[i] = 3 + random.nextInt(512 - 3);
        }
        return tokens;
    }
}
