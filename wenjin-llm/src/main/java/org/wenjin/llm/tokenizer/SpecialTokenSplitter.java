package org.wenjin.llm.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the text around special tokens before the tokenizer proper runs, as llama.cpp's
 * {@code tokenizer_st_partition} does: user-defined tokens are always cut out (Hugging Face matches added
 * tokens before the model), control and unknown tokens only when the caller asks to parse special
 * tokens. Tokens are tried longest first (by UTF-8 length); each one splits every remaining text
 * fragment at all its occurrences, left to right.
 *
 * <p>Vocabularies carry hundreds or thousands of added tokens (deepseek-llm has 2,398), so one pass of
 * a trie over the text first finds the few that occur at all; only those run the splitting loop. That
 * keeps the result identical to trying every token while costing one scan of the text.
 */
final class SpecialTokenSplitter {

    /** A piece of the input: a text range {@code [start, end)}, or a special token ({@code token >= 0}). */
    record Fragment(int start, int end, int token) {
        static Fragment text(int start, int end) {
            return new Fragment(start, end, -1);
        }

        boolean isToken() {
            return token >= 0;
        }
    }

    private final int[] candidates;
    private final String[] candidateTexts;
    private final boolean[] alwaysMatched;
    private final TrieNode root = new TrieNode();
    /** The first characters of the candidates, to skip most positions of a text without a lookup. */
    private final BitSet firstChars = new BitSet(Character.MAX_VALUE + 1);

    SpecialTokenSplitter(Vocabulary vocabulary) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            TokenType type = vocabulary.type(id);
            if (type == TokenType.CONTROL || type == TokenType.USER_DEFINED || type == TokenType.UNKNOWN) {
                ids.add(id);
            }
        }
        // Longest first; equal lengths by id, so the order never depends on the sort algorithm.
        ids.sort(Comparator.comparingInt(vocabulary::utf8Length).reversed().thenComparingInt(id -> id));
        int n = ids.size();
        candidates = new int[n];
        candidateTexts = new String[n];
        alwaysMatched = new boolean[n];
        for (int i = 0; i < n; i++) {
            int id = ids.get(i);
            candidates[i] = id;
            candidateTexts[i] = vocabulary.text(id);
            alwaysMatched[i] = vocabulary.type(id) == TokenType.USER_DEFINED;
            root.insert(candidateTexts[i], i);
            firstChars.set(candidateTexts[i].charAt(0));
        }
    }

    /** The fragments of {@code text} in order; an empty text has none. */
    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(Fragment.text(0, text.length()));
        BitSet present = occurring(text, parseSpecial);
        for (int c = present.nextSetBit(0); c >= 0; c = present.nextSetBit(c + 1)) {
            fragments = splitAt(text, fragments, candidateTexts[c], candidates[c]);
        }
        return fragments;
    }

    private static List<Fragment> splitAt(String text, List<Fragment> fragments, String special, int token) {
        List<Fragment> result = new ArrayList<>(fragments.size() + 2);
        for (Fragment fragment : fragments) {
            if (fragment.isToken()) {
                result.add(fragment);
                continue;
            }
            int from = fragment.start();
            int end = fragment.end();
            while (from < end) {
                int match = text.indexOf(special, from);
                if (match < 0 || match + special.length() > end) {
                    break;
                }
                if (match > from) {
                    result.add(Fragment.text(from, match));
                }
                result.add(new Fragment(match, match + special.length(), token));
                from = match + special.length();
            }
            if (from < end) {
                result.add(Fragment.text(from, end));
            }
        }
        return result;
    }

    /** Indices (into the longest-first order) of the eligible special tokens that occur in the text. */
    private BitSet occurring(String text, boolean parseSpecial) {
        BitSet present = new BitSet(candidates.length);
        if (candidates.length == 0) {
            return present;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!firstChars.get(text.charAt(i))) {
                continue;
            }
            TrieNode node = root;
            for (int j = i; j < text.length(); j++) {
                node = node.children.get(text.charAt(j));
                if (node == null) {
                    break;
                }
                int c = node.candidate;
                if (c >= 0 && (parseSpecial || alwaysMatched[c])) {
                    present.set(c);
                }
            }
        }
        return present;
    }

    private static final class TrieNode {
        final Map<Character, TrieNode> children = new HashMap<>(4);
        int candidate = -1;

        void insert(String text, int candidateIndex) {
            TrieNode node = this;
            for (int i = 0; i < text.length(); i++) {
                node = node.children.computeIfAbsent(text.charAt(i), c -> new TrieNode());
            }
            node.candidate = candidateIndex;
        }
    }
}
