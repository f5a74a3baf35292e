package org.wenjin.llm.tokenizer;

import java.util.OptionalInt;
import org.wenjin.llm.gguf.GgufFile;

/**
 * Text to token ids and back, with the behaviour of llama.cpp's {@code llama_tokenize} and
 * {@code llama_token_to_piece} for the same GGUF file. Two algorithms exist:
 * {@link SentencePieceTokenizer} ({@code tokenizer.ggml.model = "llama"}) and {@link BpeTokenizer}
 * (byte-level BPE, {@code "gpt2"}). Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {

    /**
     * The tokenizer a GGUF file describes in its {@code tokenizer.ggml.*} metadata.
     *
     * @throws org.wenjin.llm.gguf.GgufFormatException naming the file and key when the metadata is missing, malformed
     *     or asks for a tokenizer model or pre-tokenizer that is not supported
     */
    static Tokenizer fromGguf(GgufFile gguf) {
        return TokenizerMetadata.load(gguf);
    }

    /**
     * Token ids for a text.
     *
     * @param addSpecial add BOS and/or EOS as the model's {@code add_bos_token}/{@code add_eos_token} say
     * @param parseSpecial recognise the text of control tokens (such as {@code <|im_start|>}) as those
     *     tokens; when false they are tokenized as plain text. User-defined tokens are always recognised.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    Vocabulary vocabulary();

    SpecialTokens specialTokens();

    /**
     * A decoder for a stream of ids.
     *
     * @param renderSpecial write control tokens as their text instead of leaving them out
     */
    TokenDecoder newDecoder(boolean renderSpecial);

    /** A decoder for a stream of ids that leaves control tokens out. */
    default TokenDecoder newDecoder() {
        return newDecoder(false);
    }

    /** The text of a sequence of ids, control tokens left out. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * The text of a sequence of ids: the pieces of all tokens joined as bytes, then read as UTF-8 (an
     * unfinished or malformed character reads as U+FFFD). For SentencePiece the space put in front of
     * the text when encoding is removed again.
     */
    default String decode(int[] ids, boolean renderSpecial) {
        TokenDecoder decoder = newDecoder(renderSpecial);
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(decoder.append(id));
        }
        return text.append(decoder.finish()).toString();
    }

    /** The token's text as stored in the vocabulary ({@code ▁} for spaces, GPT-2 byte alphabet, ...). */
    default String tokenText(int id) {
        return vocabulary().text(id);
    }

    default int vocabularySize() {
        return vocabulary().size();
    }

    default OptionalInt bos() {
        return specialTokens().bos();
    }

    default OptionalInt eos() {
        return specialTokens().eos();
    }

    /** Whether generating this token ends the answer: EOS, EOT, EOM, {@code <|im_end|>} and the like. */
    default boolean isEndOfGeneration(int id) {
        return specialTokens().isEndOfGeneration(id);
    }
}
