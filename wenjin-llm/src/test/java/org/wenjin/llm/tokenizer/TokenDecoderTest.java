package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Streaming decoding never returns part of a character, whatever the tokens cut. */
class TokenDecoderTest {

    @Test
    void anEmojiSplitIntoFourByteTokensComesOutWholeWithTheLastOne() {
        Tokenizer llama = TestVocabularies.shipped("ggml-vocab-llama-spm.gguf");
        int[] ids = llama.encode("😁", false, false);
        // "▁" then the four byte-fallback tokens of U+1F601: F0 9F 98 81 (llama.cpp test 33 has them as 243 162 155 132).
        assertThat(ids).containsExactly(29871, 243, 162, 155, 132);
        TokenDecoder decoder = llama.newDecoder();
        List<String> chunks = new ArrayList<>();
        for (int id : ids) {
            chunks.add(decoder.append(id));
        }
        assertThat(chunks).containsExactly("", "", "", "", "😁");
        assertThat(decoder.hasPendingBytes()).isFalse();
        assertThat(decoder.finish()).isEmpty();
    }

    @Test
    void byteLevelTokensThatCutChineseCharactersAreHeldUntilComplete() {
        Tokenizer deepseek = TestVocabularies.shipped("ggml-vocab-deepseek-llm.gguf");
        // A rare character and an emoji: DeepSeek's vocabulary has neither whole, so BPE leaves byte pieces.
        String text = "龘😶‍🌫️好";
        int[] ids = deepseek.encode(text, false, false);
        TokenDecoder decoder = deepseek.newDecoder();
        StringBuilder joined = new StringBuilder();
        int partialTokens = 0;
        for (int id : ids) {
            String chunk = decoder.append(id);
            if (chunk.isEmpty()) {
                partialTokens++;
                assertThat(decoder.hasPendingBytes()).isTrue();
            }
            assertThat(chunk).doesNotContain("\uFFFD");
            assertThat(isWellFormed(chunk)).as("chunk %s", chunk).isTrue();
            joined.append(chunk);
        }
        assertThat(partialTokens).as("tokens that end inside a character").isGreaterThan(0);
        assertThat(joined.append(decoder.finish()).toString()).isEqualTo(text);
    }

    @Test
    void everyChunkOfTheTestVectorsIsWholeCharacters() {
        for (String vocabulary : List.of("llama-spm", "deepseek-llm")) {
            Tokenizer tokenizer = TestVocabularies.load(TestVocabularies.vocabularyFile(vocabulary).orElseThrow());
            for (LlamaCppVectors.Vector vector : LlamaCppVectors.read(vocabulary)) {
                TokenDecoder decoder = tokenizer.newDecoder();
                StringBuilder joined = new StringBuilder();
                for (int id : vector.expected()) {
                    String chunk = decoder.append(id);
                    assertThat(chunk).as("%s %s", vocabulary, vector).doesNotContain("\uFFFD");
                    joined.append(chunk);
                }
                assertThat(decoder.hasPendingBytes()).isFalse();
                assertThat(joined.toString()).isEqualTo(vector.text());
            }
        }
    }

    @Test
    void streamingAnyBytesInAnyPiecesEqualsDecodingThemAtOnce() {
        long seed = 0xDEC0DEL;
        Random random = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            // Pieces of valid text, bytes cut at random places, and random garbage bytes.
            byte[] bytes = sample(random);
            List<byte[]> cuts = new ArrayList<>();
            for (int i = 0; i < bytes.length; ) {
                int n = Math.min(bytes.length - i, random.nextInt(5));
                byte[] piece = new byte[n];
                System.arraycopy(bytes, i, piece, 0, n);
                cuts.add(piece);
                i += n;
            }
            TokenDecoder decoder = new TokenDecoder(cuts.toArray(byte[][]::new), false);
            StringBuilder joined = new StringBuilder();
            for (int id = 0; id < cuts.size(); id++) {
                String chunk = decoder.append(id);
                assertThat(isWellFormed(chunk)).isTrue();
                joined.append(chunk);
            }
            joined.append(decoder.finish());
            assertThat(joined.toString()).as("seed %d round %d", seed, round)
                    .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnfinishedCharacterAtTheEndBecomesOneReplacementCharacter() {
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), {(byte) 0xE6, (byte) 0x88}};
        TokenDecoder decoder = new TokenDecoder(pieces, false);
        assertThat(decoder.append(0)).isEqualTo("a");
        assertThat(decoder.append(1)).isEmpty();
        assertThat(decoder.finish()).isEqualTo("\uFFFD");
    }

    @Test
    void bytesThatCannotBeginACharacterAreNotHeldBack() {
        assertThat(TokenDecoder.completeLength(new byte[] {'a', (byte) 0xE6, (byte) 0x88}, 3)).isEqualTo(1);
        assertThat(TokenDecoder.completeLength(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, 3)).isZero();
        // C0 and F5 never start a character; E0 80 and ED A0 (a surrogate) are overlong or invalid.
        assertThat(TokenDecoder.completeLength(new byte[] {(byte) 0xC0}, 1)).isEqualTo(1);
        assertThat(TokenDecoder.completeLength(new byte[] {(byte) 0xF5, (byte) 0x80}, 2)).isEqualTo(2);
        assertThat(TokenDecoder.completeLength(new byte[] {(byte) 0xE0, (byte) 0x80}, 2)).isEqualTo(2);
        assertThat(TokenDecoder.completeLength(new byte[] {(byte) 0xED, (byte) 0xA0}, 2)).isEqualTo(2);
        assertThat(TokenDecoder.completeLength(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 5)).isEqualTo(5);
    }

    @Test
    void theSentencePieceDummyPrefixIsDroppedOnceAndControlTokensAreLeftOutUnlessRendered() {
        Tokenizer llama = TestVocabularies.shipped("ggml-vocab-llama-spm.gguf");
        int[] ids = llama.encode("Hello world", true, false);
        assertThat(ids).containsExactly(1, 15043, 3186);
        assertThat(llama.decode(ids)).isEqualTo("Hello world");
        assertThat(llama.decode(ids, true)).isEqualTo("<s> Hello world");
        assertThat(llama.decode(new int[] {15043, 15043})).isEqualTo("Hello Hello");
        assertThatThrownBy(() -> llama.newDecoder().append(32000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32000");
    }

    private static byte[] sample(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> RandomText.unicode(random, random.nextInt(20)).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] valid = RandomText.unicode(random, 1 + random.nextInt(20)).getBytes(StandardCharsets.UTF_8);
                int cut = random.nextInt(valid.length);
                yield Arrays.copyOf(valid, cut);
            }
            default -> {
                byte[] garbage = new byte[random.nextInt(24)];
                random.nextBytes(garbage);
                yield garbage;
            }
        };
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
