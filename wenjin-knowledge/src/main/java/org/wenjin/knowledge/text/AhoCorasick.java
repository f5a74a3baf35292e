package org.wenjin.knowledge.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every occurrence of a fixed set of patterns in one pass over a text (Aho and Corasick, "Efficient
 * string matching: an aid to bibliographic search", CACM 18(6), 1975): a trie of the patterns, a failure
 * link from each state to the longest proper suffix that is also a trie state, and an output link to the
 * nearest state on the failure chain that ends a pattern.
 *
 * <p>Patterns and text are compared char by char as given; callers fold case beforehand.
 */
public final class AhoCorasick {
    /** One occurrence: {@code text[start, end)} equals pattern number {@code pattern}. */
    public record Match(int start, int end, int pattern) {
        public int length() {
            return end - start;
        }
    }

    private static final int ROOT = 0;

    // Goto function, keyed by (state << 16 | char): one map for the whole trie is far smaller than one per state.
    private final Map<Long, Integer> edges = new HashMap<>();
    private final int[] failure;
    private final int[] output;      // the pattern that ends exactly at this state, or -1
    private final int[] outputLink;  // the next state on the failure chain with an output, or -1
    private final int[] depth;
    private final int patternCount;

    public AhoCorasick(List<String> patterns) {
        List<Integer> outputs = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        outputs.add(-1);
        depths.add(0);
        for (int p = 0; p < patterns.size(); p++) {
            String pattern = patterns.get(p);
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException("pattern " + p + " is empty");
            }
            int state = ROOT;
            for (int i = 0; i < pattern.length(); i++) {
                long key = key(state, pattern.charAt(i));
                Integer next = edges.get(key);
                if (next == null) {
                    next = outputs.size();
                    outputs.add(-1);
                    depths.add(i + 1);
                    edges.put(key, next);
                }
                state = next;
            }
            if (outputs.get(state) == -1) {
                outputs.set(state, p);
            }
        }
        int states = outputs.size();
        this.output = outputs.stream().mapToInt(Integer::intValue).toArray();
        this.depth = depths.stream().mapToInt(Integer::intValue).toArray();
        this.failure = new int[states];
        this.outputLink = new int[states];
        this.patternCount = patterns.size();
        buildLinks(states);
    }

    /** Breadth-first, so every shallower state's failure link is known before it is needed. */
    private void buildLinks(int states) {
        List<List<long[]>> children = new ArrayList<>(states);
        for (int s = 0; s < states; s++) {
            children.add(new ArrayList<>());
        }
        for (Map.Entry<Long, Integer> edge : edges.entrySet()) {
            long key = edge.getKey();
            children.get((int) (key >>> 16)).add(new long[] {key & 0xFFFF, edge.getValue()});
        }
        outputLink[ROOT] = -1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (long[] child : children.get(ROOT)) {
            int state = (int) child[1];
            failure[state] = ROOT;
            outputLink[state] = -1;
            queue.add(state);
        }
        while (!queue.isEmpty()) {
            int parent = queue.poll();
            for (long[] child : children.get(parent)) {
                char c = (char) child[0];
                int state = (int) child[1];
                int fallback = failure[parent];
                while (fallback != ROOT && !edges.containsKey(key(fallback, c))) {
                    fallback = failure[fallback];
                }
                Integer target = edges.get(key(fallback, c));
                failure[state] = target != null && target != state ? target : ROOT;
                int f = failure[state];
                outputLink[state] = output[f] >= 0 ? f : outputLink[f];
                queue.add(state);
            }
        }
    }

    public int patternCount() {
        return patternCount;
    }

    /** Every occurrence of every pattern, ordered by end position, then longest first. */
    public List<Match> findAll(CharSequence text) {
        List<Match> matches = new ArrayList<>();
        int state = ROOT;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Integer next = edges.get(key(state, c));
            while (next == null && state != ROOT) {
                state = failure[state];
                next = edges.get(key(state, c));
            }
            state = next == null ? ROOT : next;
            for (int s = output[state] >= 0 ? state : outputLink[state]; s >= 0; s = outputLink[s]) {
                matches.add(new Match(i + 1 - depth[s], i + 1, output[s]));
            }
        }
        return matches;
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }
}
