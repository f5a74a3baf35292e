package org.wenjin.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * SentencePiece BPE as llama.cpp runs it for {@code tokenizer.ggml.model = "llama"} (Llama 2, Mistral
 * v0.1, Baichuan, TinyLlama, llama2.c models): spaces become {@code ▁}, a space is put in front of the
 * text ({@code add_space_prefix}, and again after every special token), then adjacent symbols are
 * merged, always the pair whose joined text is the vocabulary entry with the highest score, leftmost
 * first among equal scores. A character left that is no token is written as its UTF-8 bytes with the
 * {@code <0xNN>} byte-fallback tokens.
 *
 * <p>The merge loop keeps the symbols in a linked list and the candidate pairs in a priority queue
 * ({@link MergeQueue}, as llama.cpp's {@code llm_tokenizer_spm_session}), so a text of n characters
 * costs O(n log n).
 */
public final class SentencePieceTokenizer implements Tokenizer {

    private static final char SPACE_MARK = '\u2581';

    private final Vocabulary vocabulary;
    private final SpecialTokens specialTokens;
    private final boolean addSpacePrefix;
    private final SpecialTokenSplitter splitter;
    private final int[] byteTokens = new int[256];
    private final PieceTable pieces;

    /**
     * @param addSpacePrefix put a space in front of the text, as SentencePiece's
     *     {@code add_dummy_prefix} (GGUF {@code tokenizer.ggml.add_space_prefix}, default true)
     */
    public SentencePieceTokenizer(Vocabulary vocabulary, SpecialTokens specialTokens, boolean addSpacePrefix) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.specialTokens = Objects.requireNonNull(specialTokens, "specialTokens");
        this.addSpacePrefix = addSpacePrefix;
        this.splitter = new SpecialTokenSplitter(vocabulary);
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = vocabulary.idOf(String.format("<0x%02X>", b));
        }
        this.pieces = PieceTable.of(vocabulary,
                text -> text.replace(SPACE_MARK, ' ').getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntStream.Builder out = IntStream.builder();
        if (addSpecial && specialTokens.addBos()) {
            out.add(specialTokens.bos().orElseThrow());
        }
        boolean afterSpecial = true;
        for (SpecialTokenSplitter.Fragment fragment : splitter.split(text, parseSpecial)) {
            if (fragment.isToken()) {
                out.add(fragment.token());
                afterSpecial = true;
            } else {
                String piece = text.substring(fragment.start(), fragment.end());
                if (addSpacePrefix && afterSpecial) {
                    piece = " " + piece;
                }
                encodeText(piece.replace(' ', SPACE_MARK), out);
                afterSpecial = false;
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
        return new TokenDecoder(pieces.pieces(renderSpecial), addSpacePrefix);
    }

    public boolean addsSpacePrefix() {
        return addSpacePrefix;
    }

    private void encodeText(String text, IntStream.Builder out) {
        int n = text.codePointCount(0, text.length());
        if (n == 0) {
            return;
        }
        // Symbols: one per code point, as char ranges [start, start + length) of text.
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, offset = 0; i < n; i++) {
            start[i] = offset;
            length[i] = Character.charCount(text.codePointAt(offset));
            offset += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Candidate merges keyed by (score, left symbol): the highest score first, leftmost among equals.
        MergeQueue queue = new MergeQueue();
        for (int i = 1; i < n; i++) {
            offer(text, queue, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            long key = queue.poll();
            int left = MergeQueue.left(key);
            int right = length[left] == 0 ? -1 : next[left];
            // Out of date unless the symbol still has a right neighbour forming a token of that score.
            // Merging whenever the current pair has the popped key merges the same pairs in the same
            // order as llama.cpp's check of the pair's length: both always merge the current pair with
            // the best key, and every current pair has its key in the queue.
            int id = right < 0 ? -1 : joinedToken(text, start, length, left, right);
            if (id < 0 || MergeQueue.descending(vocabulary.score(id)) != MergeQueue.priority(key)) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(text, queue, start, length, prev[left], left);
            offer(text, queue, start, length, left, next[left]);
        }
        for (int i = 0; i != -1; i = next[i]) {
            String symbol = text.substring(start[i], start[i] + length[i]);
            int id = vocabulary.idOf(symbol);
            if (id >= 0) {
                out.add(id);
            } else {
                // Only single characters can be left without a token: merges always form tokens.
                writeBytes(symbol, out);
            }
        }
    }

    /**
     * A character that is no token, as its UTF-8 bytes in byte tokens. A vocabulary without byte
     * tokens gives the unknown token instead, once for the character, as SentencePiece does (llama.cpp
     * would fail).
     */
    private void writeBytes(String character, IntStream.Builder out) {
        byte[] bytes = character.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteTokens[b & 0xFF] < 0) {
                out.add(specialTokens.unknown().orElseThrow(() -> new IllegalStateException(String.format(
                        "'%s' is not in the vocabulary, which has neither the byte token <0x%02X> nor an unknown token",
                        character, b & 0xFF))));
                return;
            }
        }
        for (byte b : bytes) {
            out.add(byteTokens[b & 0xFF]);
        }
    }

    private void offer(String text, MergeQueue queue, int[] start, int[] length, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int id = joinedToken(text, start, length, left, right);
        if (id >= 0) {
            queue.add(MergeQueue.key(MergeQueue.descending(vocabulary.score(id)), left));
        }
    }

    private int joinedToken(String text, int[] start, int[] length, int left, int right) {
        return vocabulary.idOf(text.substring(start[left], start[left] + length[left] + length[right]));
    }
}
