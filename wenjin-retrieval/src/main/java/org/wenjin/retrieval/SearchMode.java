package org.wenjin.retrieval;

import java.util.Arrays;
import java.util.Locale;

/** Which evidence ranks the passages. */
public enum SearchMode {
    /**
     * Both lists fused by reciprocal rank (Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion
     * outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009).
     */
    HYBRID,
    /** Words only: BM25 over the Chinese and the English analysis of each chunk. */
    BM25,
    /** Meaning only: nearest neighbours of the question's dense vector. */
    VECTOR;

    /** "hybrid", "bm25" or "vector", in any case. */
    public static SearchMode parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown search mode \"" + name + "\"; expected one of "
                    + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList(), e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
