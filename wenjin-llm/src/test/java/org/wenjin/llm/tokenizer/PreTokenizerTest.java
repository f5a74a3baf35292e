package org.wenjin.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The pre-tokenizer expressions on llama.cpp's 46 test strings. Qwen2's and Llama 3's vocabulary files
 * are too large to ship, so their expressions are checked here on their own: against splits made by an
 * independent regex engine (pretokenizer-splits.tsv), against the number of ids in the .out files, and
 * for the properties that tell the families apart.
 */
class PreTokenizerTest {

    private static final List<LlamaCppVectors.Vector> QWEN2 = LlamaCppVectors.read("qwen2");
    private static final List<LlamaCppVectors.Vector> LLAMA3 = LlamaCppVectors.read("llama-bpe");
    private static final Pattern DIGIT = Pattern.compile("\\p{N}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    @TestFactory
    Stream<DynamicTest> splitsLikeThePythonRegexEngine() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] line : referenceSplits()) {
            PreTokenizer family = PreTokenizer.valueOf(line[0]);
            int number = Integer.parseInt(line[1]);
            List<String> expected = Arrays.stream(line, 2, line.length).map(PreTokenizerTest::unescape).toList();
            String text = QWEN2.get(number - 1).text();
            tests.add(DynamicTest.dynamicTest(family + " test " + number, () ->
                    assertThat(family.split(text)).as("words of %s", LlamaCppVectors.quoted(text)).isEqualTo(expected)));
        }
        assertThat(tests).hasSize(3 * 46);
        return tests.stream();
    }

    @Test
    void wordsJoinBackToTheTextForEveryFamily() {
        Random random = new Random(20240704);
        for (PreTokenizer family : PreTokenizer.values()) {
            for (LlamaCppVectors.Vector vector : QWEN2) {
                assertThat(String.join("", family.split(vector.text()))).isEqualTo(vector.text());
            }
            for (int i = 0; i < 300; i++) {
                String text = RandomText.unicode(random, 1 + random.nextInt(40));
                assertThat(String.join("", family.split(text))).as("%s on %s", family, LlamaCppVectors.quoted(text)).isEqualTo(text);
                assertThat(family.split(text)).doesNotContain("");
            }
        }
    }

    @Test
    void qwen2PutsEveryDigitInAWordOfItsOwn() {
        for (LlamaCppVectors.Vector vector : QWEN2) {
            for (String word : PreTokenizer.QWEN2.split(vector.text())) {
                if (DIGIT.matcher(word).find()) {
                    assertThat(word.codePointCount(0, word.length())).as("word %s of %s", word, vector).isEqualTo(1);
                }
            }
        }
        assertThat(PreTokenizer.QWEN2.split("3333333")).containsExactly("3", "3", "3", "3", "3", "3", "3");
    }

    @Test
    void llama3GroupsDigitsInThreesFromTheLeft() {
        for (LlamaCppVectors.Vector vector : LLAMA3) {
            for (String word : PreTokenizer.LLAMA3.split(vector.text())) {
                if (DIGIT.matcher(word).find()) {
                    assertThat(word).as("word of %s", vector).matches("\\p{N}{1,3}");
                }
            }
        }
        assertThat(PreTokenizer.LLAMA3.split("3333333")).containsExactly("333", "333", "3");
        assertThat(PreTokenizer.LLAMA3.split("1314151天")).containsExactly("131", "415", "1", "天");
    }

    @Test
    void digitOnlyTestsHaveOneIdPerWordInTheReferenceIds() {
        // Tests 35-43 are "3" to "333333333": every digit group is a single token in both vocabularies.
        for (int number = 35; number <= 43; number++) {
            assertThat(QWEN2.get(number - 1).text()).matches("3+");
            assertThat(PreTokenizer.QWEN2.split(QWEN2.get(number - 1).text())).hasSize(QWEN2.get(number - 1).expected().length);
            assertThat(PreTokenizer.LLAMA3.split(LLAMA3.get(number - 1).text())).hasSize(LLAMA3.get(number - 1).expected().length);
        }
    }

    @Test
    void noWordIsSplitByTheReferenceIdsIntoFewerTokensThanWords() {
        // Tokens never cross word boundaries, so a text has at least as many ids as words.
        for (int i = 0; i < QWEN2.size(); i++) {
            assertThat(PreTokenizer.QWEN2.split(QWEN2.get(i).text()).size()).as("%s", QWEN2.get(i))
                    .isLessThanOrEqualTo(QWEN2.get(i).expected().length);
            assertThat(PreTokenizer.LLAMA3.split(LLAMA3.get(i).text()).size()).as("%s", LLAMA3.get(i))
                    .isLessThanOrEqualTo(LLAMA3.get(i).expected().length);
        }
    }

    @Test
    void chineseCharactersAreLettersToQwenAndLlamaButARunOfTheirOwnToDeepseek() {
        String text = LLAMA3.get(32).text(); // test 33: "Hello, y'all! How are you 😁 ?我想在apple工作1314151天～"
        assertThat(text).contains("我想在apple工作");
        assertThat(PreTokenizer.QWEN2.split(text)).contains(" ?", "我想在apple工作", "天", "～");
        assertThat(PreTokenizer.LLAMA3.split(text)).contains(" ?", "我想在apple工作", "天", "～");
        assertThat(PreTokenizer.DEEPSEEK_LLM.split(text)).contains("我想在", "apple", "工作", "1314151", "天", "～");
        for (PreTokenizer family : List.of(PreTokenizer.QWEN2, PreTokenizer.LLAMA3)) {
            for (String word : family.split(LLAMA3.get(45).text())) {
                if (HAN.matcher(word).find()) {
                    assertThat(word).as("%s word", family).matches("[^\\r\\n\\p{L}\\p{N}]?\\p{L}+");
                }
            }
        }
    }

    @Test
    void contractionsAreCaseInsensitiveButOnlyForTheListedSuffixes() {
        String text = "'RE you sure? 'M not sure I'll make it, 'D you like some tea? We'Ve a'lL";
        List<String> words = PreTokenizer.LLAMA3.split(text);
        assertThat(words).startsWith("'RE", " you").contains("'ll", " We", "'Ve", " a", "'lL");
        // After a space the apostrophe goes with the space, as punctuation: " '" then "M".
        assertThat(words).containsSubsequence(" '", "M", " not");
        assertThat(PreTokenizer.QWEN2.split(text)).isEqualTo(words);
        // GPT-2's own expression is case-sensitive: "'Ve" is punctuation then a word.
        assertThat(PreTokenizer.GPT2.split(text)).startsWith("'", "RE").contains("'ll").containsSubsequence(" We", "'", "Ve")
                .doesNotContain("'RE", "'Ve");
    }

    @Test
    void aRunOfSpacesLeavesItsLastSpaceToTheNextWord() {
        for (PreTokenizer family : List.of(PreTokenizer.LLAMA3, PreTokenizer.QWEN2, PreTokenizer.GPT2)) {
            assertThat(family.split("   Hello")).containsExactly("  ", " Hello");
            assertThat(family.split("Hello   ")).containsExactly("Hello", "   ");
        }
        assertThat(PreTokenizer.LLAMA3.split("a \n\n b")).containsExactly("a", " \n\n", " b");
        // Non-ASCII white space counts as white space (Java's own \s would not match U+3000).
        assertThat(PreTokenizer.QWEN2.split("a\u3000\u3000b")).containsExactly("a", "\u3000", "\u3000b");
    }

    @Test
    void familiesAreFoundByTheirGgufNames() {
        assertThat(PreTokenizer.forName("llama-bpe")).isEqualTo(PreTokenizer.LLAMA3);
        assertThat(PreTokenizer.forName("qwen2")).isEqualTo(PreTokenizer.QWEN2);
        assertThat(PreTokenizer.forName("deepseek-llm")).isEqualTo(PreTokenizer.DEEPSEEK_LLM);
        assertThat(PreTokenizer.forName("gpt-2")).isEqualTo(PreTokenizer.GPT2);
        assertThat(PreTokenizer.forName(null)).isEqualTo(PreTokenizer.DEFAULT);
        assertThat(PreTokenizer.forName("default")).isEqualTo(PreTokenizer.DEFAULT);
        assertThat(PreTokenizer.LLAMA3.ignoresMerges()).isTrue();
        assertThat(PreTokenizer.QWEN2.ignoresMerges()).isFalse();
        assertThatThrownBy(() -> PreTokenizer.forName("chameleon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chameleon'")
                .hasMessageContaining("qwen2");
    }

    private static List<String[]> referenceSplits() throws IOException {
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                PreTokenizerTest.class.getResourceAsStream("pretokenizer-splits.tsv"), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("#")) {
                    lines.add(line.split("\t", -1));
                }
            }
        }
        return lines;
    }

    private static String unescape(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\\') {
                char next = word.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
