package org.wenjin.retrieval;

/**
 * A search: the question, how many passages, how to rank them, which to consider, and how much to
 * favour variety over relevance. Build one with {@link #of(String, int)} and the {@code with} methods.
 *
 * @param query the question, in Chinese, English or both
 * @param k how many passages to return, at least 1
 * @param mode how to rank; null for the index's default ({@link DocumentIndex#defaultMode()})
 * @param sourcePrefix only passages whose source starts with this ("/home/me/papers/", "demo:"); null for any
 * @param title only passages of documents with exactly this title, ignoring case; null for any
 * @param diversity 0 to rank by relevance alone; above 0, maximal marginal relevance (Carbonell and
 *     Goldstein, SIGIR 1998) with λ = 1 − diversity: each next passage is the one whose relevance,
 *     less its similarity to the passages already chosen, is highest. 0.3 is a common choice.
 */
public record SearchRequest(String query, int k, SearchMode mode, String sourcePrefix, String title, double diversity) {

    public SearchRequest {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (!(diversity >= 0 && diversity < 1)) {
            throw new IllegalArgumentException("diversity must be in [0, 1), was " + diversity);
        }
        query = query == null ? "" : query;
        sourcePrefix = sourcePrefix == null || sourcePrefix.isEmpty() ? null : sourcePrefix;
        title = title == null || title.isBlank() ? null : title.strip();
    }

    /** The {@code k} most relevant passages for {@code query}, in the index's default mode, unfiltered. */
    public static SearchRequest of(String query, int k) {
        return new SearchRequest(query, k, null, null, null, 0);
    }

    public SearchRequest withMode(SearchMode mode) {
        return new SearchRequest(query, k, mode, sourcePrefix, title, diversity);
    }

    public SearchRequest withSourcePrefix(String sourcePrefix) {
        return new SearchRequest(query, k, mode, sourcePrefix, title, diversity);
    }

    public SearchRequest withTitle(String title) {
        return new SearchRequest(query, k, mode, sourcePrefix, title, diversity);
    }

    public SearchRequest withDiversity(double diversity) {
        return new SearchRequest(query, k, mode, sourcePrefix, title, diversity);
    }
}
