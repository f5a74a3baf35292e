package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Long inputs stay fast: the merge loops are O(n log n) in the length of a word (SentencePiece merges
 * over a whole text fragment), so runs of 64K characters that form a single word or fragment, the
 * worst case for a quadratic loop (billions of steps), finish in well under the generous limit.
 */
class LongDocumentTest {

    private static final int RUN = 1 << 16;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    static Stream<Arguments> documents() {
        StringBuilder mixed = new StringBuilder();
        Random random = new Random(1 << 16);
        for (LlamaCppVectors.Vector vector : LlamaCppVectors.read("llama-spm")) {
            mixed.append(vector.text()).append('\n');
        }
        while (mixed.length() < 128 * 1024) {
            mixed.append(RandomText.unicode(random, 200)).append(' ');
        }
        List<Named<String>> texts = List.of(
                Named.of("128 KiB of mixed text", mixed.toString()),
                Named.of("64K spaces", " ".repeat(RUN) + "x"),
                Named.of("64K Chinese characters in one run", "我想在工作天中文字词汉语北京上海你好世界".repeat(RUN / 20)),
                Named.of("64K digits", "0123456789".repeat(RUN / 10)),
                Named.of("64K letters in one word", "a".repeat(RUN)));
        return Stream.of("ggml-vocab-llama-spm.gguf", "ggml-vocab-deepseek-llm.gguf")
                .flatMap(file -> texts.stream().map(text -> Arguments.of(Named.of(file, file), text)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("documents")
    void encodesAndDecodesInGoodTime(String file, String text) {
        Tokenizer tokenizer = TestVocabularies.shipped(file);
        assertTimeoutPreemptively(LIMIT, () -> {
            int[] ids = tokenizer.encode(text, true, false);
            assertThat(ids.length).isPositive();
            assertThat(tokenizer.decode(ids)).isEqualTo(text);
        });
    }
}
