package org.wenjin.llm.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The token table of a model: the text, score and type of each id, and the reverse map from text to
 * id. Texts are stored as the model stores them: SentencePiece pieces with {@code ▁} for spaces,
 * byte-level BPE tokens in GPT-2's byte alphabet, added tokens as plain text.
 */
public final class Vocabulary {

    private final String[] texts;
    private final float[] scores;
    private final TokenType[] types;
    private final Map<String, Integer> ids;

    /**
     * @param texts the token texts, indexed by id; an empty text is renamed {@code [EMPTY_<id>]}, as
     *     llama.cpp does, so that it can never match input
     * @param scores SentencePiece scores (log probabilities), or {@code null} for all zero
     * @param types token types, or {@code null} for all {@link TokenType#NORMAL}
     * @throws IllegalArgumentException if the arrays differ in length or a text occurs twice
     */
    public Vocabulary(String[] texts, float[] scores, TokenType[] types) {
        Objects.requireNonNull(texts, "texts");
        int n = texts.length;
        if (scores != null && scores.length != n) {
            throw new IllegalArgumentException(scores.length + " scores for " + n + " tokens");
        }
        if (types != null && types.length != n) {
            throw new IllegalArgumentException(types.length + " token types for " + n + " tokens");
        }
        this.texts = new String[n];
        this.scores = scores == null ? new float[n] : scores.clone();
        this.types = new TokenType[n];
        this.ids = HashMap.newHashMap(n);
        for (int id = 0; id < n; id++) {
            String text = texts[id];
            if (text == null) {
                throw new IllegalArgumentException("token " + id + " has no text");
            }
            if (text.isEmpty()) {
                text = "[EMPTY_" + id + "]";
            }
            this.texts[id] = text;
            this.types[id] = types == null ? TokenType.NORMAL : Objects.requireNonNull(types[id], "type of token " + id);
            Integer previous = ids.putIfAbsent(text, id);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: '" + text + "' has ids "
                        + previous + " and " + id);
            }
        }
    }

    /** A vocabulary of texts with GGUF type codes ({@code tokenizer.ggml.token_type}). */
    public static Vocabulary of(String[] texts, float[] scores, int[] typeCodes) {
        TokenType[] types = null;
        if (typeCodes != null) {
            types = new TokenType[typeCodes.length];
            for (int i = 0; i < typeCodes.length; i++) {
                types[i] = TokenType.fromCode(typeCodes[i]);
            }
        }
        return new Vocabulary(texts, scores, types);
    }

    public int size() {
        return texts.length;
    }

    /** The stored text of a token. */
    public String text(int id) {
        return texts[checkId(id)];
    }

    public float score(int id) {
        return scores[checkId(id)];
    }

    public TokenType type(int id) {
        return types[checkId(id)];
    }

    /** The id of the token with exactly this stored text. */
    public OptionalInt find(String text) {
        Integer id = ids.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The id of the token with exactly this stored text, or -1. */
    int idOf(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    /** Length in UTF-8 bytes of a token's text: llama.cpp orders special tokens by it. */
    int utf8Length(int id) {
        return texts[id].getBytes(StandardCharsets.UTF_8).length;
    }

    int checkId(int id) {
        if (id < 0 || id >= texts.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size " + texts.length + ")");
        }
        return id;
    }

    @Override
    public String toString() {
        return "Vocabulary[" + texts.length + " tokens]";
    }
}
