package org.wenjin.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Byte-level BPE as llama.cpp runs it for {@code tokenizer.ggml.model = "gpt2"} (Llama 3, Qwen,
 * DeepSeek, GPT-2 and most models since): the text is cut into words by the family's
 * {@link PreTokenizer}, each word's UTF-8 bytes are written in GPT-2's byte alphabet, and adjacent
 * symbols are merged by the merge rules, always the pair with the lowest rank, leftmost first among
 * equal ranks (Sennrich et al. 2016; Radford et al. 2019).
 *
 * <p>The merge loop of a word keeps its symbols in a linked list and the candidate pairs in a
 * priority queue ({@link MergeQueue}, as llama.cpp's {@code llm_tokenizer_bpe_session}), so a word of n bytes costs
 * O(n log n); the ids of recent words are cached, as natural text repeats its words.
 */
public final class BpeTokenizer implements Tokenizer {

    /** Words cached at most; the cache is emptied when it fills. */
    private static final int CACHE_CAPACITY = 1 << 16;
    /** Longer words (long digit or whitespace runs, CJK runs) are rare enough not to cache. */
    private static final int MAX_CACHED_WORD_LENGTH = 64;

    private final Vocabulary vocabulary;
    private final MergeTable merges;
    private final SpecialTokens specialTokens;
    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    private final SpecialTokenSplitter splitter;
    private final int[] byteTokens = new int[256];
    private final PieceTable pieces;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param merges the merge rules {@code "left right"} in rank order ({@code tokenizer.ggml.merges})
     * @param ignoreMerges emit a word that is itself a token as that token without merging
     *     ({@link PreTokenizer#ignoresMerges()} for the families that set it)
     */
    public BpeTokenizer(Vocabulary vocabulary, String[] merges, SpecialTokens specialTokens,
                        PreTokenizer preTokenizer, boolean ignoreMerges) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.merges = MergeTable.of(Objects.requireNonNull(merges, "merges"), vocabulary);
        this.specialTokens = Objects.requireNonNull(specialTokens, "specialTokens");
        this.preTokenizer = Objects.requireNonNull(preTokenizer, "preTokenizer");
        this.ignoreMerges = ignoreMerges;
        this.splitter = new SpecialTokenSplitter(vocabulary);
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = vocabulary.idOf(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        this.pieces = PieceTable.of(vocabulary, ByteLevelAlphabet::decode);
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntStream.Builder out = IntStream.builder();
        if (addSpecial && specialTokens.addBos()) {
            out.add(specialTokens.bos().orElseThrow());
        }
        for (SpecialTokenSplitter.Fragment fragment : splitter.split(text, parseSpecial)) {
            if (fragment.isToken()) {
                out.add(fragment.token());
            } else {
                for (String word : preTokenizer.split(text.substring(fragment.start(), fragment.end()))) {
                    for (int id : encodeWord(word)) {
                        out.add(id);
                    }
                }
            }
        }
        if (addSpecial && specialTokens.addEos()) {
            out.add(specialTokens.eos().orElseThrow());
        }
        return out.build().toArray();
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    @Override
    public TokenDecoder newDecoder(boolean renderSpecial) {
        return new TokenDecoder(pieces.pieces(renderSpecial), false);
    }

    public PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    /** Number of merge rules in use. */
    public int mergeCount() {
        return merges.size();
    }

    private int[] encodeWord(String word) {
        int[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        int[] ids = mergeWord(word.getBytes(StandardCharsets.UTF_8));
        if (word.length() <= MAX_CACHED_WORD_LENGTH) {
            if (cache.size() >= CACHE_CAPACITY) {
                cache.clear();
            }
            cache.put(word, ids);
        }
        return ids;
    }

    private int[] mergeWord(byte[] bytes) {
        int n = bytes.length;
        if (ignoreMerges) {
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = ByteLevelAlphabet.charOf(bytes[i] & 0xFF);
            }
            int whole = vocabulary.idOf(new String(chars));
            if (whole >= 0) {
                return new int[] {whole};
            }
        }
        // Symbols: one per byte to begin with; a merged symbol keeps the index of its leftmost byte.
        int[] token = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            token[i] = byteTokens[bytes[i] & 0xFF];
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Candidate merges keyed by (rank, left symbol): the lowest rank first, leftmost among equals.
        MergeQueue queue = new MergeQueue();
        for (int i = 1; i < n; i++) {
            offer(queue, token, i - 1, i);
        }
        while (!queue.isEmpty()) {
            long key = queue.poll();
            int left = MergeQueue.left(key);
            int right = length[left] == 0 ? -1 : next[left];
            // Out of date unless the symbol still has a right neighbour forming the pair of that rank:
            // a symbol's token only grows, so no later pair at the same place can have the same rule.
            int rule = right < 0 ? -1 : merges.find(token[left], token[right]);
            if (rule < 0 || merges.rank(rule) != MergeQueue.priority(key)) {
                continue;
            }
            token[left] = merges.result(rule);
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(queue, token, prev[left], left);
            offer(queue, token, left, next[left]);
        }
        IntStream.Builder ids = IntStream.builder();
        for (int i = n == 0 ? -1 : 0; i != -1; i = next[i]) {
            if (token[i] >= 0) {
                ids.add(token[i]);
            } else if (specialTokens.unknown().isPresent()) {
                // A byte whose alphabet character is missing from the vocabulary: only a damaged
                // vocabulary lacks one. llama.cpp drops it; the unknown token at least marks the spot.
                ids.add(specialTokens.unknown().getAsInt());
            }
        }
        return ids.build().toArray();
    }

    private void offer(MergeQueue queue, int[] token, int left, int right) {
        if (left < 0 || right < 0 || token[left] < 0 || token[right] < 0) {
            return;
        }
        int rule = merges.find(token[left], token[right]);
        if (rule >= 0) {
            queue.add(MergeQueue.key(merges.rank(rule), left));
        }
    }
}
