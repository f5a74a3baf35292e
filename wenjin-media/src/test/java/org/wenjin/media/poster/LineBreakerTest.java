package org.wenjin.media.poster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineBreakerTest {
    /** Every character one unit wide: the breaks then depend only on the rules, not on a font. */
    private final LineBreaker monospace = new LineBreaker(String::length);

    @Test
    void neverStartsALineWithClosingPunctuation() {
        // Greedy filling at 6 would put "，" at the start of line two; the character before it goes down with it.
        List<String> lines = monospace.lines("智能交通大会，将于五月在北京召开。", 6);
        assertThat(String.join("", lines)).isEqualTo("智能交通大会，将于五月在北京召开。");
        assertThat(lines).first().isEqualTo("智能交通大");
        assertThat(lines.get(1)).startsWith("会，将于");
        assertThat(lines).noneMatch(line -> LineBreaker.NO_LINE_START.indexOf(line.charAt(0)) >= 0);
    }

    @Test
    void neverEndsALineWithOpeningPunctuation() {
        // Greedy filling at 6 would end line one with "「".
        List<String> lines = monospace.lines("我们发布了「问津」系统", 6);
        assertThat(lines).noneMatch(line -> LineBreaker.NO_LINE_END.indexOf(line.charAt(line.length() - 1)) >= 0);
        assertThat(lines).containsExactly("我们发布了", "「问津」系统");
    }

    @Test
    void breaksLatinTextOnlyAtSpaces() {
        List<String> lines = monospace.lines("Wenjin runs GPT-style models locally", 12);
        assertThat(lines).containsExactly("Wenjin runs", "GPT-style", "models", "locally");
    }

    @Test
    void keepsTheRulesOnRandomTextAtRandomWidths() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String alphabet = "智能交通大会北京问津系统。，、；：？！「」（）《》“”";
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = 5 + random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int width = 4 + random.nextInt(12);
            List<String> lines = monospace.lines(text.toString(), width);
            assertThat(String.join("", lines)).as("seed %d", seed).isEqualTo(text.toString().strip());
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (i > 0) {
                    assertThat(LineBreaker.NO_LINE_START.indexOf(line.charAt(0))).as("seed %d, line %s", seed, line).isNegative();
                }
                if (i < lines.size() - 1) {
                    assertThat(LineBreaker.NO_LINE_END.indexOf(line.charAt(line.length() - 1)))
                            .as("seed %d, line %s", seed, line).isNegative();
                }
            }
        }
    }
}
