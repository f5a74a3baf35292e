package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two merge algorithms on vocabularies small enough to follow by hand. */
class MergeOrderTest {

    // ---- byte-level BPE ----

    @Test
    void bpeAppliesTheLowestRankedRuleFirstWhereverItIs() {
        BpeTokenizer tokenizer = bpe(false, new String[] {"b c", "a b"}, "bc", "ab");
        // "b c" outranks "a b", so "abc" becomes a + bc although "ab" comes first in the text.
        assertThat(texts(tokenizer, tokenizer.encode("abc", false, false))).containsExactly("a", "bc");
        assertThat(texts(tokenizer, tokenizer.encode("ab", false, false))).containsExactly("ab");
    }

    @Test
    void bpeMergesTheLeftmostOccurrenceOfARuleFirst() {
        BpeTokenizer tokenizer = bpe(false, new String[] {"a a"}, "aa");
        assertThat(texts(tokenizer, tokenizer.encode("aaa", false, false))).containsExactly("aa", "a");
        assertThat(texts(tokenizer, tokenizer.encode("aaaaa", false, false))).containsExactly("aa", "aa", "a");
    }

    @Test
    void bpeBuildsLongTokensFromMergedParts() {
        BpeTokenizer tokenizer = bpe(false, new String[] {"h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "Ġwor ld", "l d"},
                "he", "ll", "hell", "hello", "Ġw", "or", "Ġwor", "ld", "Ġworld");
        assertThat(texts(tokenizer, tokenizer.encode("hello world", false, false))).containsExactly("hello", "Ġworld");
        assertThat(tokenizer.decode(tokenizer.encode("hello world", false, false))).isEqualTo("hello world");
    }

    @Test
    void ignoringMergesTakesAWholeWordThatIsAToken() {
        // "abc" is a token that no chain of merges reaches.
        String[] merges = {"a b"};
        assertThat(texts(bpe(true, merges, "ab", "abc"), bpe(true, merges, "ab", "abc").encode("abc", false, false)))
                .containsExactly("abc");
        BpeTokenizer merging = bpe(false, merges, "ab", "abc");
        assertThat(texts(merging, merging.encode("abc", false, false))).containsExactly("ab", "c");
    }

    @Test
    void bpeWritesEveryByteOfTheWordInTheGpt2Alphabet() {
        BpeTokenizer tokenizer = bpe(false, new String[0]);
        // "é" is C3 A9: two byte tokens, shown as "Ã" and "©" in GPT-2's alphabet; a space is "Ġ".
        assertThat(texts(tokenizer, tokenizer.encode(" é", false, false))).containsExactly("Ġ", "Ã", "©");
        assertThat(tokenizer.decode(tokenizer.encode(" é\n\u0000", false, false))).isEqualTo(" é\n\u0000");
    }

    @Test
    void userDefinedTokensAreAlwaysCutOutAndControlTokensOnlyWhenAsked() {
        // "ő" (U+0151) is outside GPT-2's byte alphabet, so it can be a token of its own.
        Vocabulary vocabulary = byteLevel(List.of("ab", "ő", "<|im_end|>"),
                List.of(TokenType.NORMAL, TokenType.USER_DEFINED, TokenType.CONTROL));
        BpeTokenizer tokenizer = new BpeTokenizer(vocabulary, new String[] {"a b"},
                SpecialTokens.of(-1, vocabulary.find("<|im_end|>").getAsInt(), -1, false, false), PreTokenizer.QWEN2, false);
        int umlaut = vocabulary.find("ő").getAsInt();
        int imEnd = vocabulary.find("<|im_end|>").getAsInt();
        assertThat(tokenizer.encode("Főab", false, false)).containsExactly(id(vocabulary, "F"), umlaut, id(vocabulary, "ab"));
        assertThat(tokenizer.encode("ab<|im_end|>", false, true)).containsExactly(id(vocabulary, "ab"), imEnd);
        assertThat(tokenizer.encode("ab<|im_end|>", false, false)).doesNotContain(imEnd).hasSize(11);
        assertThat(tokenizer.decode(new int[] {umlaut, imEnd})).isEqualTo("ő");
        assertThat(tokenizer.decode(new int[] {umlaut, imEnd}, true)).isEqualTo("ő<|im_end|>");
    }

    @Test
    void theLongestSpecialTokenIsCutOutFirst() {
        Vocabulary vocabulary = byteLevel(List.of("<|a|>", "<|a|><|b|>"), List.of(TokenType.CONTROL, TokenType.CONTROL));
        BpeTokenizer tokenizer = new BpeTokenizer(vocabulary, new String[0], SpecialTokens.of(-1, -1, -1, false, false),
                PreTokenizer.GPT2, false);
        assertThat(tokenizer.encode("<|a|><|b|><|a|>", false, true))
                .containsExactly(id(vocabulary, "<|a|><|b|>"), id(vocabulary, "<|a|>"));
    }

    // ---- SentencePiece ----

    @Test
    void sentencePieceMergesTheHighestScoringPairFirst() {
        SentencePieceTokenizer tokenizer = spm(true, new String[] {"▁", "a", "b", "c", "ab", "bc"}, new float[] {0, 0, 0, 0, -2, -1});
        assertThat(texts(tokenizer, tokenizer.encode("abc", false, false))).containsExactly("▁", "a", "bc");
        SentencePieceTokenizer abFirst = spm(true, new String[] {"▁", "a", "b", "c", "ab", "bc"}, new float[] {0, 0, 0, 0, -1, -2});
        assertThat(texts(abFirst, abFirst.encode("abc", false, false))).containsExactly("▁", "ab", "c");
    }

    @Test
    void sentencePieceBreaksTiesLeftmostFirst() {
        SentencePieceTokenizer tokenizer = spm(false, new String[] {"a", "aa"}, new float[] {0, -1});
        assertThat(texts(tokenizer, tokenizer.encode("aaa", false, false))).containsExactly("aa", "a");
    }

    @Test
    void sentencePiecePrefixesASpaceAndMarksSpaces() {
        SentencePieceTokenizer tokenizer = spm(true, new String[] {"▁", "a", "▁a", "▁▁"}, new float[] {0, 0, -1, -2});
        assertThat(texts(tokenizer, tokenizer.encode("a a", false, false))).containsExactly("▁a", "▁a");
        assertThat(texts(tokenizer, tokenizer.encode(" a", false, false))).containsExactly("▁", "▁a");
        SentencePieceTokenizer noPrefix = spm(false, new String[] {"▁", "a", "▁a", "▁▁"}, new float[] {0, 0, -1, -2});
        assertThat(texts(noPrefix, noPrefix.encode("a a", false, false))).containsExactly("a", "▁a");
        assertThat(noPrefix.decode(noPrefix.encode("a a", false, false))).isEqualTo("a a");
    }

    @Test
    void sentencePieceFallsBackToByteTokensAndElseToTheUnknownToken() {
        List<String> texts = new ArrayList<>(List.of("<unk>", "▁", "a"));
        for (int b = 0; b < 256; b++) {
            texts.add(String.format("<0x%02X>", b));
        }
        TokenType[] types = new TokenType[texts.size()];
        Arrays.fill(types, TokenType.BYTE);
        types[0] = TokenType.UNKNOWN;
        types[1] = TokenType.NORMAL;
        types[2] = TokenType.NORMAL;
        Vocabulary withBytes = new Vocabulary(texts.toArray(String[]::new), null, types);
        SentencePieceTokenizer tokenizer = new SentencePieceTokenizer(withBytes, SpecialTokens.of(-1, -1, 0, false, false), true);
        // "中" is E4 B8 AD.
        assertThat(texts(tokenizer, tokenizer.encode("a中", false, false))).containsExactly("▁", "a", "<0xE4>", "<0xB8>", "<0xAD>");
        assertThat(tokenizer.decode(tokenizer.encode("a中", false, false))).isEqualTo("a中");

        SentencePieceTokenizer noBytes = new SentencePieceTokenizer(
                new Vocabulary(new String[] {"<unk>", "▁", "a"}, null, new TokenType[] {TokenType.UNKNOWN, TokenType.NORMAL, TokenType.NORMAL}),
                SpecialTokens.of(-1, -1, 0, false, false), true);
        // Without byte tokens the character becomes one unknown token, as in SentencePiece.
        assertThat(noBytes.encode("a中", false, false)).containsExactly(1, 2, 0);
    }

    @Test
    void sentencePiecePutsASpaceBeforeTextThatFollowsASpecialToken() {
        SentencePieceTokenizer tokenizer = new SentencePieceTokenizer(
                new Vocabulary(new String[] {"<s>", "</s>", "▁", "H", "i", "▁H", "▁Hi"}, new float[] {0, 0, 0, 0, 0, -1, -1},
                        new TokenType[] {TokenType.CONTROL, TokenType.CONTROL, TokenType.NORMAL, TokenType.NORMAL,
                                TokenType.NORMAL, TokenType.NORMAL, TokenType.NORMAL}),
                SpecialTokens.of(0, 1, -1, true, true), true);
        assertThat(tokenizer.encode("Hi</s>Hi", true, true)).containsExactly(0, 6, 1, 6, 1);
        assertThat(tokenizer.decode(tokenizer.encode("Hi</s>Hi", true, true))).isEqualTo("Hi Hi");
    }

    private static int id(Vocabulary vocabulary, String text) {
        return vocabulary.find(text).orElseThrow();
    }

    private static List<String> texts(Tokenizer tokenizer, int[] ids) {
        return Arrays.stream(ids).mapToObj(tokenizer::tokenText).toList();
    }

    /** The 256 byte tokens in GPT-2's alphabet, then the given tokens. */
    private static Vocabulary byteLevel(List<String> extra, List<TokenType> extraTypes) {
        List<String> texts = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            texts.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
            types.add(TokenType.NORMAL);
        }
        texts.addAll(extra);
        types.addAll(extraTypes);
        return new Vocabulary(texts.toArray(String[]::new), null, types.toArray(TokenType[]::new));
    }

    private static BpeTokenizer bpe(boolean ignoreMerges, String[] merges, String... tokens) {
        Vocabulary vocabulary = byteLevel(List.of(tokens), Collections.nCopies(tokens.length, TokenType.NORMAL));
        return new BpeTokenizer(vocabulary, merges, SpecialTokens.of(-1, -1, -1, false, false), PreTokenizer.GPT2, ignoreMerges);
    }

    private static SentencePieceTokenizer spm(boolean addSpacePrefix, String[] tokens, float[] scores) {
        return new SentencePieceTokenizer(new Vocabulary(tokens, scores, null), SpecialTokens.of(-1, -1, -1, false, false), addSpacePrefix);
    }
}
