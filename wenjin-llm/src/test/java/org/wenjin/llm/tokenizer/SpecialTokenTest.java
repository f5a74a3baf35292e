package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BOS, EOS and other special tokens of the real vocabularies, as llama.cpp handles them. */
class SpecialTokenTest {

    private final Tokenizer llama = TestVocabularies.shipped("ggml-vocab-llama-spm.gguf");
    private final Tokenizer deepseek = TestVocabularies.shipped("ggml-vocab-deepseek-llm.gguf");

    @Test
    void llamaAddsBosAndParsesItsControlTokensOnlyWhenAsked() {
        assertThat(llama.encode("Hello world", true, false)).containsExactly(1, 15043, 3186);
        assertThat(llama.encode("Hello world", false, false)).containsExactly(15043, 3186);
        // After a special token SentencePiece text starts with a space again: "▁Hello", not "Hello".
        assertThat(llama.encode("<s>Hello</s>", false, true)).containsExactly(1, 15043, 2);
        assertThat(llama.encode("<s>Hello</s>", false, false)).doesNotContain(1, 2);
        assertThat(llama.decode(llama.encode("<s>Hello</s>", false, false))).isEqualTo("<s>Hello</s>");
        assertThat(llama.isEndOfGeneration(2)).isTrue();
        assertThat(llama.isEndOfGeneration(1)).isFalse();
        assertThat(llama.isEndOfGeneration(0)).isFalse();
    }

    @Test
    void deepseekMatchesItsAddedCharactersAlwaysAndItsSentenceMarkersWhenAsked() {
        String bos = "<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>";
        String eos = "<\uFF5Cend\u2581of\u2581sentence\uFF5C>";
        assertThat(deepseek.tokenText(100000)).isEqualTo(bos);
        assertThat(deepseek.tokenText(100001)).isEqualTo(eos);
        assertThat(deepseek.bos()).hasValue(100000);
        assertThat(deepseek.eos()).hasValue(100001);
        assertThat(deepseek.specialTokens().eot()).as("found by its text").hasValue(100001);
        assertThat(deepseek.isEndOfGeneration(100001)).isTrue();

        assertThat(deepseek.encode("Hi", true, false)).startsWith(100000);
        assertThat(deepseek.encode(bos + "Hi" + eos, false, true)).startsWith(100000).endsWith(100001);
        assertThat(deepseek.encode(bos + "Hi" + eos, false, false)).doesNotContain(100000, 100001);
        // "ü" is a user-defined token (id 100014): cut out of the text even without parseSpecial.
        assertThat(deepseek.encode("Führer", false, false)).containsExactly(37, 100014, 71, 6245);
        assertThat(deepseek.decode(new int[] {100000, 37, 100014, 71, 6245, 100001})).isEqualTo("Führer");
        assertThat(deepseek.decode(new int[] {100000, 37, 100014, 71, 6245, 100001}, true)).isEqualTo(bos + "Führer" + eos);
    }
}
