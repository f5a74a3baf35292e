package org.wenjin.retrieval.chunk;

import java.util.ArrayList;
import java.util.List;
import org.wenjin.retrieval.Sentences;
import org.wenjin.retrieval.document.Block;
import org.wenjin.retrieval.document.ParsedDocument;

/**
 * Cuts a parsed document into chunks of about {@code targetTokens} tokens ({@link TokenEstimate}),
 * following its structure.
 *
 * <ul>
 *   <li>A heading always starts a new chunk, and every chunk records the section it belongs to.
 *   <li>Consecutive blocks of a section share a chunk while they fit; a block is never cut when it fits.
 *   <li>Running text too long for one chunk is cut between sentences ({@link Sentences}); each piece
 *       after the first repeats the sentence before the cut, so a fact stated across the cut is whole in
 *       one of the two. Lists, tables and code are cut between lines, without repetition.
 *   <li>Only a single sentence (or line) longer than a chunk is cut inside: at a clause mark (，、,;：:)
 *       if it has one, else at a space, else between characters.
 * </ul>
 */
public final class Chunker {

    /**
     * 300 tokens: retrieval-augmented prompts commonly use passages of 100 to 500 tokens, and five
     * passages of 300 leave room for the question and the answer in a 4,096-token context, the
     * smallest that the local models Wenjin runs offer.
     */
    public static final int DEFAULT_TARGET_TOKENS = 300;

    private static final String CLAUSE_MARKS = "，、,;：:";

    /** No real token is longer than this many characters; beyond it a piece is cut whatever it holds. */
    private static final int MAX_CHARS_PER_TOKEN = 24;

    private final int targetTokens;

    public Chunker() {
        this(DEFAULT_TARGET_TOKENS);
    }

    public Chunker(int targetTokens) {
        if (targetTokens < 8) {
            throw new IllegalArgumentException("targetTokens must be at least 8, was " + targetTokens);
        }
        this.targetTokens = targetTokens;
    }

    public int targetTokens() {
        return targetTokens;
    }

    public List<Chunk> chunk(ParsedDocument document) {
        List<Chunk> chunks = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        int pendingTokens = 0;
        Block previous = null;
        for (Block block : document.blocks()) {
            if (previous != null && block.sectionNumber() != previous.sectionNumber()) {
                emit(chunks, previous.section(), pending);
                pendingTokens = 0;
            }
            previous = block;
            int tokens = TokenEstimate.of(block.text());
            if (tokens <= targetTokens) {
                if (!pending.isEmpty() && pendingTokens + tokens > targetTokens) {
                    emit(chunks, block.section(), pending);
                    pendingTokens = 0;
                }
                pending.add(block.text());
                pendingTokens += tokens;
                continue;
            }
            emit(chunks, block.section(), pending);
            List<String> pieces = cut(block);
            for (int i = 0; i < pieces.size() - 1; i++) {
                chunks.add(new Chunk(chunks.size(), block.section(), pieces.get(i)));
            }
            // The last piece may share its chunk with the blocks that follow.
            String last = pieces.getLast();
            pending.add(last);
            pendingTokens = TokenEstimate.of(last);
        }
        if (previous != null) {
            emit(chunks, previous.section(), pending);
        }
        return chunks;
    }

    private static void emit(List<Chunk> chunks, String section, List<String> pending) {
        if (!pending.isEmpty()) {
            chunks.add(new Chunk(chunks.size(), section, String.join("\n\n", pending)));
            pending.clear();
        }
    }

    /** Cuts a block longer than a chunk into pieces that each fit, at sentence or line boundaries. */
    private List<String> cut(Block block) {
        String text = block.text();
        List<int[]> units = new ArrayList<>();
        boolean prose = block.layout() == Block.Layout.PROSE;
        if (prose) {
            for (Sentences.Span s : Sentences.spans(text)) {
                addFitting(units, text, s.start(), s.end());
            }
        } else {
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == '\n') {
                    if (i > start && !text.substring(start, i).isBlank()) {
                        addFitting(units, text, start, i);
                    }
                    start = i + 1;
                }
            }
        }
        return pack(text, units, prose ? 1 : 0);
    }

    /**
     * Packs consecutive units into pieces of at most {@code targetTokens}; each piece after the first
     * starts with the last {@code overlap} unit of the one before when that still leaves room.
     */
    private List<String> pack(String text, List<int[]> units, int overlap) {
        List<String> pieces = new ArrayList<>();
        int first = 0;
        while (first < units.size()) {
            int last = first;
            while (last + 1 < units.size()
                    && TokenEstimate.of(text, units.get(first)[0], units.get(last + 1)[1]) <= targetTokens) {
                last++;
            }
            pieces.add(text.substring(units.get(first)[0], units.get(last)[1]));
            if (last + 1 >= units.size()) {
                break;
            }
            int next = last + 1;
            int overlapped = next - overlap;
            boolean progresses = overlapped > first;
            boolean fits = TokenEstimate.of(text, units.get(overlapped)[0], units.get(next)[1]) <= targetTokens;
            first = overlap > 0 && progresses && fits ? overlapped : next;
        }
        return pieces;
    }

    /** Adds {@code text[start, end)} as one unit, or as several when it alone exceeds a chunk. */
    private void addFitting(List<int[]> units, String text, int start, int end) {
        while (start < end) {
            // A window caps the characters looked at, so a huge run without sentence ends stays linear.
            int window = (int) Math.min(end, start + (long) MAX_CHARS_PER_TOKEN * targetTokens);
            if (window == end && TokenEstimate.of(text, start, end) <= targetTokens) {
                units.add(new int[] {start, end});
                return;
            }
            int cut = cutPoint(text, start, window);
            units.add(new int[] {start, cut});
            start = cut;
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
        }
    }

    /**
     * Where to cut an over-long sentence: at the last clause mark, else the last space, else the last
     * character that keeps the head within a chunk.
     */
    private int cutPoint(String text, int start, int window) {
        // The estimate only grows as the end moves right, so the longest head that fits is a binary search.
        int low = start + 1;
        int high = window;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (TokenEstimate.of(text, start, middle) <= targetTokens) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        int limit = low;
        int minimum = start + (limit - start) / 2; // don't leave a tiny head for the sake of a nicer cut
        for (int i = limit; i > minimum; i--) {
            if (CLAUSE_MARKS.indexOf(text.charAt(i - 1)) >= 0) {
                return i;
            }
        }
        for (int i = limit; i > minimum; i--) {
            if (Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        if (limit < text.length() && Character.isLowSurrogate(text.charAt(limit)) && limit - 1 > start) {
            limit--;
        }
        return limit;
    }
}
