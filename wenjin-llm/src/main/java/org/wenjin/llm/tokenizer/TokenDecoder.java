package org.wenjin.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a stream of token ids into text, one token at a time, for printing generated text as it
 * arrives. A token may end in the middle of a UTF-8 character (byte-level BPE splits CJK characters and
 * emoji across tokens, SentencePiece falls back to {@code <0xNN>} byte tokens), so the decoder keeps
 * the bytes of an unfinished character until the tokens that complete it arrive, and only ever
 * returns whole characters. Bytes that cannot start or continue a character come out as U+FFFD right
 * away, so a broken stream never stalls. The concatenation of everything returned equals decoding all
 * the bytes at once.
 *
 * <p>Not thread-safe: one decoder per stream.
 */
public final class TokenDecoder {

    private final byte[][] pieces;
    private boolean dropLeadingSpace;
    private byte[] pending = new byte[16];
    private int pendingLength;

    /**
     * @param pieces the bytes each token id stands for
     * @param dropLeadingSpace whether to drop one space at the start of the first non-empty piece: the
     *     space SentencePiece put in front of the text ({@code add_space_prefix})
     */
    TokenDecoder(byte[][] pieces, boolean dropLeadingSpace) {
        this.pieces = pieces;
        this.dropLeadingSpace = dropLeadingSpace;
    }

    /**
     * Adds one token and returns the text it completes: possibly empty, possibly characters begun by
     * earlier tokens.
     *
     * @throws IllegalArgumentException if the id is outside the vocabulary
     */
    public String append(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size " + pieces.length + ")");
        }
        byte[] piece = pieces[id];
        int from = 0;
        if (dropLeadingSpace && piece.length > 0) {
            dropLeadingSpace = false;
            if (piece[0] == ' ') {
                from = 1;
            }
        }
        int count = piece.length - from;
        if (count == 0) {
            return "";
        }
        if (pendingLength + count > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + count));
        }
        System.arraycopy(piece, from, pending, pendingLength, count);
        pendingLength += count;
        int complete = completeLength(pending, pendingLength);
        if (complete == 0) {
            return "";
        }
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, pendingLength - complete);
        pendingLength -= complete;
        return text;
    }

    /** Whether bytes of an unfinished character are waiting for the next token. */
    public boolean hasPendingBytes() {
        return pendingLength > 0;
    }

    /** Ends the stream: returns the waiting bytes, an unfinished character as U+FFFD, and clears them. */
    public String finish() {
        String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
        pendingLength = 0;
        return text;
    }

    /**
     * The length of the longest prefix that does not end inside a character which later bytes could
     * still complete. Only a valid beginning of a UTF-8 sequence (RFC 3629, with the narrower second
     * byte ranges after E0, ED, F0 and F4) is held back.
     */
    static int completeLength(byte[] bytes, int length) {
        int lead = length - 1;
        while (lead >= 0 && length - lead <= 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0 || length - lead > 4) {
            return length;
        }
        int first = bytes[lead] & 0xFF;
        int needed;
        if (first >= 0xC2 && first <= 0xDF) {
            needed = 2;
        } else if (first >= 0xE0 && first <= 0xEF) {
            needed = 3;
        } else if (first >= 0xF0 && first <= 0xF4) {
            needed = 4;
        } else {
            return length;
        }
        int available = length - lead;
        if (available >= needed) {
            return length;
        }
        if (available >= 2) {
            int second = bytes[lead + 1] & 0xFF;
            boolean valid = switch (first) {
                case 0xE0 -> second >= 0xA0;
                case 0xED -> second <= 0x9F;
                case 0xF0 -> second >= 0x90;
                case 0xF4 -> second <= 0x8F;
                default -> true;
            };
            if (!valid) {
                return length;
            }
        }
        return lead;
    }
}
