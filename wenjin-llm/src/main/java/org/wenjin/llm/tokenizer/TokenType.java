package org.wenjin.llm.tokenizer;

/**
 * The kind of a vocabulary entry, as stored in the GGUF array {@code tokenizer.ggml.token_type}. The
 * numeric codes are llama.cpp's {@code llama_token_type} (which follows SentencePiece's piece types).
 */
public enum TokenType {
    /** Code 0: no type recorded; treated like {@link #UNUSED}. */
    UNDEFINED(0),
    /** Code 1: an ordinary piece of text. */
    NORMAL(1),
    /** Code 2: the unknown token ({@code <unk>}). */
    UNKNOWN(2),
    /** Code 3: a control token (BOS, EOS, chat-turn markers): matched in text only when asked to. */
    CONTROL(3),
    /** Code 4: an added token that is always matched in text before the normal algorithm runs. */
    USER_DEFINED(4),
    /** Code 5: a reserved, unused slot. */
    UNUSED(5),
    /** Code 6: a byte-fallback token {@code <0xNN>} standing for one raw byte. */
    BYTE(6);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with the given GGUF code; unknown codes read as {@link #UNDEFINED}, as llama.cpp does. */
    public static TokenType fromCode(int code) {
        for (TokenType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return UNDEFINED;
    }

    /** Control and unknown tokens: left out of decoded text unless special tokens are rendered. */
    public boolean isSpecial() {
        return this == CONTROL || this == UNKNOWN;
    }
}
