package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding the ids of a text gives the text back, for every vocabulary at hand, on seeded random text
 * that mixes scripts, digits, emoji, white space and arbitrary code points (all of which either have
 * tokens or fall back to bytes). A failure prints the seed and the text, so it can be replayed.
 */
class RoundTripTest {

    private static final long SEED = 0x5EED_2024L;

    static Stream<Named<Path>> vocabularies() {
        List<Named<Path>> files = new ArrayList<>();
        for (String name : List.of("ggml-vocab-llama-spm.gguf", "ggml-vocab-deepseek-llm.gguf",
                "ggml-vocab-baichuan.gguf", "stories260K.gguf")) {
            files.add(Named.of(name, TestVocabularies.testdata().resolve(name)));
        }
        for (String name : List.of("qwen2", "llama-bpe")) {
            TestVocabularies.vocabularyFile(name).ifPresent(file -> files.add(Named.of("ggml-vocab-" + name + ".gguf", file)));
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("vocabularies")
    void randomTextSurvivesEncodeThenDecode(Path file) {
        Tokenizer tokenizer = TestVocabularies.load(file);
        Random random = new Random(SEED);
        for (int i = 0; i < 400; i++) {
            String text = RandomText.unicode(random, 1 + random.nextInt(60));
            String context = "seed " + SEED + ", text " + i + " " + LlamaCppVectors.quoted(text);
            int[] ids = tokenizer.encode(text, false, false);
            assertThat(tokenizer.decode(ids)).as(context).isEqualTo(text);
            int[] withSpecial = tokenizer.encode(text, true, false);
            assertThat(tokenizer.decode(withSpecial)).as(context + " with BOS/EOS").isEqualTo(text);
            assertThat(streamed(tokenizer, ids)).as(context + " streamed").isEqualTo(text);
        }
    }

    @Test
    void baichuanEncodesChineseWithWholeWordsAndDecodesItBack() {
        Tokenizer baichuan = TestVocabularies.shipped("ggml-vocab-baichuan.gguf");
        String text = "问津是一个可以自己部署的知识增强对话系统。它先检索资料，再根据资料回答问题，并给出引用来源。\n"
                + "北京和上海都是中国的大城市，2024年的人口分别约为2185万和2487万。";
        int[] ids = baichuan.encode(text, true, false);
        assertThat(ids[0]).isEqualTo(baichuan.bos().orElseThrow());
        assertThat(baichuan.decode(ids)).isEqualTo(text);
        // Everyday Chinese needs no byte fallback, and many tokens hold a word of several characters.
        for (int id : ids) {
            assertThat(baichuan.vocabulary().type(id)).as("type of %s", baichuan.tokenText(id)).isNotEqualTo(TokenType.BYTE);
        }
        assertThat(ids.length).isLessThan(text.codePointCount(0, text.length()));
        assertThat(Arrays.stream(ids).mapToObj(baichuan::tokenText))
                .anyMatch(piece -> piece.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count() >= 2);
    }

    @Test
    void llamaSpmFallsBackToBytesForCharactersItLacksAndStillDecodesThem() {
        Tokenizer llama = TestVocabularies.shipped("ggml-vocab-llama-spm.gguf");
        String text = "ក្រុងភ្នំពេញ 𝄞 \u0000\u0007";
        int[] ids = llama.encode(text, false, false);
        long byteTokens = Arrays.stream(ids).filter(id -> llama.vocabulary().type(id) == TokenType.BYTE).count();
        assertThat(byteTokens).isGreaterThan(4);
        assertThat(llama.decode(ids)).isEqualTo(text);
    }

    private static String streamed(Tokenizer tokenizer, int[] ids) {
        TokenDecoder decoder = tokenizer.newDecoder();
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(decoder.append(id));
        }
        return out.append(decoder.finish()).toString();
    }
}
