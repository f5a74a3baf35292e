package org.wenjin.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The bytes each token contributes to decoded text, following llama.cpp's {@code token_to_piece}:
 * normal tokens as the model's encoding defines them, byte tokens {@code <0xNN>} as that byte,
 * user-defined tokens as their text, control and unknown tokens as nothing (or their text when special
 * tokens are rendered), unused tokens as nothing.
 */
record PieceTable(byte[][] plain, byte[][] rendered) {

    private static final byte[] EMPTY = new byte[0];

    /**
     * @param normalBytes the bytes of a normal token's text: SentencePiece maps {@code ▁} to a space,
     *     byte-level BPE maps the GPT-2 alphabet back to bytes
     * @throws IllegalArgumentException if a byte token's text is not of the form {@code <0xNN>}
     */
    static PieceTable of(Vocabulary vocabulary, Function<String, byte[]> normalBytes) {
        int n = vocabulary.size();
        byte[][] plain = new byte[n][];
        byte[][] rendered = new byte[n][];
        for (int id = 0; id < n; id++) {
            String text = vocabulary.text(id);
            byte[] piece = switch (vocabulary.type(id)) {
                case NORMAL -> normalBytes.apply(text);
                case BYTE -> new byte[] {(byte) byteValue(text, id)};
                case USER_DEFINED -> text.getBytes(StandardCharsets.UTF_8);
                case CONTROL, UNKNOWN, UNUSED, UNDEFINED -> EMPTY;
            };
            plain[id] = piece;
            rendered[id] = vocabulary.type(id).isSpecial() ? text.getBytes(StandardCharsets.UTF_8) : piece;
        }
        return new PieceTable(plain, rendered);
    }

    byte[][] pieces(boolean renderSpecial) {
        return renderSpecial ? rendered : plain;
    }

    /** The byte a {@code <0xNN>} token stands for. */
    static int byteValue(String text, int id) {
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            int high = Character.digit(text.charAt(3), 16);
            int low = Character.digit(text.charAt(4), 16);
            if (high >= 0 && low >= 0) {
                return high * 16 + low;
            }
        }
        throw new IllegalArgumentException("token " + id + " has type BYTE but its text '" + text + "' is not of the form <0xNN>");
    }
}
