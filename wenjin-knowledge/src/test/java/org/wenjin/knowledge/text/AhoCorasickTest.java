package org.wenjin.knowledge.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

    @Test
    void findsTheOverlappingMatchesOfThePapersExample() {
        // Aho and Corasick (1975), figure 1: the keywords he, she, his, hers in "ushers".
        AhoCorasick automaton = new AhoCorasick(List.of("he", "she", "his", "hers"));

        List<AhoCorasick.Match> matches = automaton.findAll("ushers");

        assertThat(matches).containsExactly(
                new AhoCorasick.Match(1, 4, 1),   // she
                new AhoCorasick.Match(2, 4, 0),   // he, through the output link of "she"
                new AhoCorasick.Match(2, 6, 3));  // hers
    }

    @Test
    void findsChineseNamesInsideASentence() {
        AhoCorasick automaton = new AhoCorasick(List.of("文心一言", "文心", "百度"));

        List<AhoCorasick.Match> matches = automaton.findAll("百度的文心一言");

        assertThat(matches).containsExactlyInAnyOrder(
                new AhoCorasick.Match(0, 2, 2), new AhoCorasick.Match(3, 5, 1), new AhoCorasick.Match(3, 7, 0));
    }

    @Test
    void refusesAnEmptyPattern() {
        assertThatThrownBy(() -> new AhoCorasick(List.of("a", ""))).hasMessageContaining("pattern 1 is empty");
    }

    @Test
    void agreesWithNaiveSearchOnRandomTexts() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String alphabet = "abc百度文";
        for (int round = 0; round < 200; round++) {
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            int patternCount = 1 + random.nextInt(12);
            while (unique.size() < patternCount) {
                unique.add(randomText(random, alphabet, 1 + random.nextInt(4)));
            }
            List<String> patterns = List.copyOf(unique);
            String text = randomText(random, alphabet, random.nextInt(60));

            List<AhoCorasick.Match> expected = new ArrayList<>();
            for (int p = 0; p < patterns.size(); p++) {
                for (int i = text.indexOf(patterns.get(p)); i >= 0; i = text.indexOf(patterns.get(p), i + 1)) {
                    expected.add(new AhoCorasick.Match(i, i + patterns.get(p).length(), p));
                }
            }
            Comparator<AhoCorasick.Match> order = Comparator.comparingInt(AhoCorasick.Match::start)
                    .thenComparingInt(AhoCorasick.Match::end);
            expected.sort(order);
            List<AhoCorasick.Match> actual = new ArrayList<>(new AhoCorasick(patterns).findAll(text));
            actual.sort(order);

            assertThat(actual).as("seed %d, patterns %s, text %s", seed, patterns, text).isEqualTo(expected);
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
