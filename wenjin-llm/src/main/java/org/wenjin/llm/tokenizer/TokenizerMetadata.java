package org.wenjin.llm.tokenizer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufFormatException;
import org.wenjin.llm.gguf.GgufValue;

/**
 * Reads a tokenizer from the {@code tokenizer.ggml.*} metadata of a GGUF file, with llama.cpp's
 * defaults ({@code llama_vocab::impl::load}) for whatever the file leaves out.
 */
final class TokenizerMetadata {

    static final String MODEL = "tokenizer.ggml.model";
    static final String PRE = "tokenizer.ggml.pre";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String SCORES = "tokenizer.ggml.scores";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String MERGES = "tokenizer.ggml.merges";
    static final String BOS_ID = "tokenizer.ggml.bos_token_id";
    static final String EOS_ID = "tokenizer.ggml.eos_token_id";
    static final String EOT_ID = "tokenizer.ggml.eot_token_id";
    static final String EOM_ID = "tokenizer.ggml.eom_token_id";
    static final String UNKNOWN_ID = "tokenizer.ggml.unknown_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String ADD_EOS = "tokenizer.ggml.add_eos_token";
    static final String ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";

    /**
     * Texts by which llama.cpp finds the end-of-turn token of files without {@code eot_token_id}.
     * "<｜end▁of▁sentence｜>" (DeepSeek) is written with escapes: full-width bars and U+2581.
     */
    private static final List<String> END_OF_TURN_TEXTS = List.of(
            "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>",
            "<EOT>", "_<EOT>", "<\uFF5Cend\u2581of\u2581sentence\uFF5C>");

    /** Texts of the tokens llama.cpp treats as ending generation whatever the metadata says. */
    private static final Set<String> END_OF_GENERATION_TEXTS = Set.of(
            "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>",
            "<EOT>", "_<EOT>", "<|end_of_text|>");

    private TokenizerMetadata() {
    }

    /** @throws GgufFormatException naming the file and key when the tokenizer metadata is unusable */
    static Tokenizer load(GgufFile gguf) {
        String model = gguf.getString(MODEL);
        String[] texts = gguf.getStringArray(TOKENS);
        int n = texts.length;
        float[] scores = gguf.contains(SCORES) ? scores(gguf, n) : null;
        TokenType[] types = new TokenType[n];
        int[] typeCodes = gguf.contains(TOKEN_TYPE) ? gguf.getIntArray(TOKEN_TYPE) : null;
        if (typeCodes != null && typeCodes.length < n) {
            throw problem(gguf, TOKEN_TYPE, typeCodes.length + " token types for " + n + " tokens");
        }
        for (int id = 0; id < n; id++) {
            types[id] = typeCodes == null ? TokenType.NORMAL : TokenType.fromCode(typeCodes[id]);
        }

        return switch (model) {
            case "llama" -> {
                // SentencePiece defaults: <unk> 0, <s> 1, </s> 2; BOS added, EOS not.
                SpecialTokens special = specialTokens(gguf, texts, types, 1, 2, 0, true);
                boolean addSpacePrefix = gguf.getBoolean(ADD_SPACE_PREFIX, true);
                yield new SentencePieceTokenizer(vocabulary(gguf, texts, scores, types), special, addSpacePrefix);
            }
            case "gpt2" -> {
                PreTokenizer pre;
                try {
                    pre = PreTokenizer.forName(gguf.getString(PRE, ""));
                } catch (IllegalArgumentException e) {
                    throw problem(gguf, PRE, e.getMessage());
                }
                String[] merges = gguf.getStringArray(MERGES);
                // llama.cpp's fallback BOS/EOS for BPE is id 11 (a comma in GPT-2's vocabulary), which
                // is never right; a file without the keys gets no BOS/EOS here instead.
                SpecialTokens special = specialTokens(gguf, texts, types, -1, -1, -1, pre.addsBosByDefault());
                Vocabulary vocabulary = vocabulary(gguf, texts, scores, types);
                try {
                    yield new BpeTokenizer(vocabulary, merges, special, pre, pre.ignoresMerges());
                } catch (IllegalArgumentException e) {
                    throw problem(gguf, MERGES, e.getMessage());
                }
            }
            default -> throw problem(gguf, MODEL, "tokenizer model '" + model
                    + "' is not supported (supported: llama = SentencePiece, gpt2 = byte-level BPE)");
        };
    }

    private static float[] scores(GgufFile gguf, int n) {
        GgufValue value = gguf.get(SCORES);
        float[] scores;
        if (value.elementType() != null && value.elementType().isInteger()) {
            int[] integers = gguf.getIntArray(SCORES);
            scores = new float[integers.length];
            for (int i = 0; i < integers.length; i++) {
                scores[i] = integers[i];
            }
        } else {
            scores = gguf.getFloatArray(SCORES);
        }
        if (scores.length < n) {
            throw problem(gguf, SCORES, scores.length + " scores for " + n + " tokens");
        }
        return scores.length == n ? scores : Arrays.copyOf(scores, n);
    }

    private static Vocabulary vocabulary(GgufFile gguf, String[] texts, float[] scores, TokenType[] types) {
        try {
            return new Vocabulary(texts, scores, types);
        } catch (IllegalArgumentException e) {
            throw problem(gguf, TOKENS, e.getMessage());
        }
    }

    /**
     * The special ids and flags. Tokens that end generation are given type CONTROL if the file has them
     * as something else, as llama.cpp does, so that they are neither matched in plain text nor decoded.
     */
    private static SpecialTokens specialTokens(GgufFile gguf, String[] texts, TokenType[] types,
                                               int defaultBos, int defaultEos, int defaultUnknown,
                                               boolean defaultAddBos) {
        int n = texts.length;
        OptionalInt bos = id(gguf, BOS_ID, defaultBos, n);
        OptionalInt eos = id(gguf, EOS_ID, defaultEos, n);
        OptionalInt eot = id(gguf, EOT_ID, -1, n);
        OptionalInt eom = id(gguf, EOM_ID, -1, n);
        OptionalInt unknown = id(gguf, UNKNOWN_ID, defaultUnknown, n);
        if (eot.isEmpty()) {
            eot = firstWithText(texts, END_OF_TURN_TEXTS);
        }
        if (eom.isEmpty()) {
            eom = firstWithText(texts, List.of("<|eom_id|>"));
        }
        Set<Integer> endOfGeneration = new HashSet<>();
        for (int id = 0; id < n; id++) {
            if (END_OF_GENERATION_TEXTS.contains(texts[id])) {
                endOfGeneration.add(id);
            }
        }
        eos.ifPresent(endOfGeneration::add);
        eot.ifPresent(endOfGeneration::add);
        eom.ifPresent(endOfGeneration::add);
        for (int id : endOfGeneration) {
            types[id] = TokenType.CONTROL;
        }
        boolean addBos = gguf.getBoolean(ADD_BOS, defaultAddBos);
        boolean addEos = gguf.getBoolean(ADD_EOS, false);
        if (addBos && bos.isEmpty()) {
            throw problem(gguf, ADD_BOS, "add_bos_token is true, but " + BOS_ID + " is not set");
        }
        if (addEos && eos.isEmpty()) {
            throw problem(gguf, ADD_EOS, "add_eos_token is true, but " + EOS_ID + " is not set");
        }
        return new SpecialTokens(bos, eos, eot, eom, unknown, addBos, addEos, endOfGeneration);
    }

    /**
     * A special token id from the file, or the default. An id outside the vocabulary (files write
     * 4294967295 for "none") leaves the default in place, as in llama.cpp; a default outside the
     * vocabulary means none.
     */
    private static OptionalInt id(GgufFile gguf, String key, int defaultId, int vocabularySize) {
        long id = defaultId;
        if (gguf.contains(key)) {
            long value = gguf.getLong(key);
            if (value >= 0 && value < vocabularySize) {
                id = value;
            }
        }
        return id >= 0 && id < vocabularySize ? OptionalInt.of((int) id) : OptionalInt.empty();
    }

    private static OptionalInt firstWithText(String[] texts, List<String> candidates) {
        for (int id = 0; id < texts.length; id++) {
            if (candidates.contains(texts[id])) {
                return OptionalInt.of(id);
            }
        }
        return OptionalInt.empty();
    }

    private static GgufFormatException problem(GgufFile gguf, String key, String message) {
        return new GgufFormatException(gguf.path(), gguf.valueOffset(key), key + ": " + message);
    }
}
