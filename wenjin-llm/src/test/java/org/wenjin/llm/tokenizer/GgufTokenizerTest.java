package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufFormatException;
import org.wenjin.llm.gguf.GgufValue;
import org.wenjin.llm.gguf.GgufValueType;
import org.wenjin.llm.gguf.GgufWriter;

/** Reading a tokenizer from GGUF metadata, with llama.cpp's defaults for what a file leaves out. */
class GgufTokenizerTest {

    private static final int END_OF_TEXT = 256;
    private static final int IM_START = 257;
    private static final int IM_END = 258;
    private static final int USER = 261;

    @TempDir
    Path dir;

    /** A ChatML vocabulary: GPT-2's 256 byte tokens, three chat tokens, and merges for "user". */
    private static GgufWriter chatMlFile(String pre) {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }
        tokens.addAll(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "us", "er", "user"));
        int[] types = new int[tokens.size()];
        Arrays.fill(types, TokenType.NORMAL.code());
        types[END_OF_TEXT] = TokenType.CONTROL.code();
        types[IM_START] = TokenType.CONTROL.code();
        // <|im_end|> is written as a normal token, as some converters did; it must still act as control.
        return new GgufWriter()
                .put("general.architecture", GgufValue.string("qwen2"))
                .put("tokenizer.ggml.model", GgufValue.string("gpt2"))
                .put("tokenizer.ggml.pre", GgufValue.string(pre))
                .put("tokenizer.ggml.tokens", GgufValue.stringArray(tokens.toArray(String[]::new)))
                .put("tokenizer.ggml.token_type", GgufValue.int32Array(types))
                .put("tokenizer.ggml.merges", GgufValue.stringArray("u s", "e r", "us er"));
    }

    private Tokenizer load(GgufWriter writer) throws IOException {
        Path file = dir.resolve("vocab.gguf");
        writer.write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            return Tokenizer.fromGguf(gguf);
        }
    }

    @Test
    void aQwenStyleFileEndsGenerationAtImEndAndEndOfText() throws IOException {
        Tokenizer tokenizer = load(chatMlFile("qwen2")
                .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(END_OF_TEXT))
                .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(IM_END))
                .put("tokenizer.ggml.add_bos_token", GgufValue.bool(false)));
        assertThat(tokenizer).isInstanceOf(BpeTokenizer.class);
        assertThat(tokenizer.bos()).hasValue(END_OF_TEXT);
        assertThat(tokenizer.eos()).hasValue(IM_END);
        assertThat(tokenizer.isEndOfGeneration(IM_END)).isTrue();
        assertThat(tokenizer.isEndOfGeneration(END_OF_TEXT)).as("<|endoftext|> by its text").isTrue();
        assertThat(tokenizer.isEndOfGeneration(IM_START)).isFalse();
        assertThat(tokenizer.specialTokens().eot()).as("found by text when the file has no eot_token_id").isPresent();
        assertThat(tokenizer.vocabulary().type(IM_END)).isEqualTo(TokenType.CONTROL);

        int[] ids = tokenizer.encode("<|im_start|>user\nhi<|im_end|>", true, true);
        assertThat(ids).startsWith(IM_START, USER).endsWith(IM_END);
        assertThat(tokenizer.decode(ids)).isEqualTo("user\nhi");
        assertThat(tokenizer.decode(ids, true)).isEqualTo("<|im_start|>user\nhi<|im_end|>");
        assertThat(tokenizer.encode("<|im_end|>", false, false)).doesNotContain(IM_END);
    }

    @Test
    void llama3FilesAddBosUnlessTheySaySoAndTakeWholeWordsFromTheVocabulary() throws IOException {
        Tokenizer llama3 = load(chatMlFile("llama-bpe").put("tokenizer.ggml.bos_token_id", GgufValue.uint32(END_OF_TEXT)));
        assertThat(((BpeTokenizer) llama3).preTokenizer()).isEqualTo(PreTokenizer.LLAMA3);
        assertThat(llama3.specialTokens().addBos()).isTrue();
        assertThat(llama3.encode("user", true, false)).containsExactly(END_OF_TEXT, USER);

        Tokenizer qwen = load(chatMlFile("qwen2").put("tokenizer.ggml.bos_token_id", GgufValue.uint32(END_OF_TEXT)));
        assertThat(qwen.specialTokens().addBos()).isFalse();
        assertThat(qwen.encode("user", true, false)).containsExactly(USER);
    }

    @Test
    void anIdOfAllOnesMeansNoSuchToken() throws IOException {
        Tokenizer tokenizer = load(chatMlFile("qwen2")
                .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(4294967295L))
                .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(IM_END)));
        assertThat(tokenizer.bos()).isEmpty();
        assertThat(tokenizer.eos()).hasValue(IM_END);
    }

    @Test
    void sentencePieceFilesDefaultToLlamaIdsAndAddBos() throws IOException {
        Tokenizer tokenizer = load(new GgufWriter()
                .put("tokenizer.ggml.model", GgufValue.string("llama"))
                .put("tokenizer.ggml.tokens", GgufValue.stringArray("<unk>", "<s>", "</s>", "▁", "a", "▁a"))
                .put("tokenizer.ggml.scores", GgufValue.float32Array(0, 0, 0, -1, -1, -0.5f))
                .put("tokenizer.ggml.token_type", GgufValue.int32Array(2, 3, 3, 1, 1, 1))
                .put("tokenizer.ggml.add_space_prefix", GgufValue.bool(false)));
        assertThat(tokenizer).isInstanceOf(SentencePieceTokenizer.class);
        assertThat(((SentencePieceTokenizer) tokenizer).addsSpacePrefix()).isFalse();
        assertThat(tokenizer.bos()).hasValue(1);
        assertThat(tokenizer.eos()).hasValue(2);
        assertThat(tokenizer.specialTokens().unknown()).hasValue(0);
        assertThat(tokenizer.encode("a a", true, false)).containsExactly(1, 4, 5);
        assertThat(tokenizer.isEndOfGeneration(2)).isTrue();
    }

    @Test
    void integerScoresAreAccepted() throws IOException {
        Tokenizer tokenizer = load(new GgufWriter()
                .put("tokenizer.ggml.model", GgufValue.string("llama"))
                .put("tokenizer.ggml.tokens", GgufValue.stringArray("<unk>", "<s>", "</s>", "▁", "a", "▁a"))
                .put("tokenizer.ggml.scores", GgufValue.int32Array(0, 0, 0, -1, -1, -2)));
        assertThat(tokenizer.vocabulary().score(5)).isEqualTo(-2f);
    }

    @Test
    void unusableMetadataIsReportedWithTheFileAndKey() throws IOException {
        assertThatThrownBy(() -> load(chatMlFile("qwen2").put("tokenizer.ggml.model", GgufValue.string("bert"))))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("vocab.gguf")
                .hasMessageContaining("tokenizer.ggml.model")
                .hasMessageContaining("'bert'");
        assertThatThrownBy(() -> load(chatMlFile("chameleon")))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.pre")
                .hasMessageContaining("'chameleon'");
        assertThatThrownBy(() -> load(chatMlFile("llama-bpe")))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("add_bos_token is true, but tokenizer.ggml.bos_token_id is not set");
        assertThatThrownBy(() -> load(chatMlFile("qwen2").put("tokenizer.ggml.token_type", GgufValue.int32Array(1, 1))))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.token_type")
                .hasMessageContaining("2 token types for 262 tokens");
        assertThatThrownBy(() -> load(chatMlFile("qwen2").put("tokenizer.ggml.merges", GgufValue.stringArray("u s", "nospace"))))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.merges")
                .hasMessageContaining("merge rule 1 'nospace'");
        assertThatThrownBy(() -> load(new GgufWriter().put("tokenizer.ggml.model", GgufValue.string("llama"))))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.tokens");
        assertThatThrownBy(() -> load(new GgufWriter()
                .put("tokenizer.ggml.model", GgufValue.string("llama"))
                .put("tokenizer.ggml.tokens", GgufValue.array(GgufValueType.INT32, new int[] {1, 2}))))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tokenizer.ggml.tokens");
    }
}
