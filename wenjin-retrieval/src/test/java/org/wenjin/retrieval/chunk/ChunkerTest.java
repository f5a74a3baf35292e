package org.wenjin.retrieval.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wenjin.retrieval.Sentences;
import org.wenjin.retrieval.document.MarkdownParser;
import org.wenjin.retrieval.document.ParsedDocument;

class ChunkerTest {

    private static ParsedDocument markdown(String text) {
        return new MarkdownParser().parse(text, "fallback");
    }

    @Test
    void everyHeadingStartsAChunkAndEachChunkKnowsItsSection() {
        List<Chunk> chunks = new Chunker(300).chunk(markdown("""
                # 大模型简史

                引言段落。

                ## 预训练

                第一段。

                第二段。

                ### 数据

                数据段落。

                ## 对齐

                对齐段落。
                """));
        assertThat(chunks).extracting(Chunk::section)
                .containsExactly("", "预训练", "预训练 > 数据", "对齐");
        assertThat(chunks).extracting(Chunk::text)
                .containsExactly("引言段落。", "第一段。\n\n第二段。", "数据段落。", "对齐段落。");
        assertThat(chunks).extracting(Chunk::ordinal).containsExactly(0, 1, 2, 3);
    }

    @Test
    void paragraphsThatFitAreKeptWholeAndShareChunksUpToTheTarget() {
        String a = "Alpha ".repeat(30).strip() + ".";  // 39 tokens
        String b = "Beta ".repeat(30).strip() + ".";
        String c = "Gamma ".repeat(30).strip() + ".";
        List<Chunk> chunks = new Chunker(80).chunk(markdown(a + "\n\n" + b + "\n\n" + c));
        assertThat(chunks).extracting(Chunk::text).containsExactly(a + "\n\n" + b, c);
    }

    @Test
    void aLongChineseParagraphIsCutOnlyBetweenSentencesWithOneSentenceOverlap() {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sentences.add("第" + i + "句话讲述了大语言模型发展历史中的一个重要事件" + "，并且补充了一些细节".repeat(i % 3) + "。");
        }
        String paragraph = String.join("", sentences);
        List<Chunk> chunks = new Chunker(100).chunk(markdown("# 标题\n\n" + paragraph));

        assertThat(chunks).hasSizeGreaterThan(5);
        Set<String> whole = new HashSet<>(sentences);
        for (Chunk chunk : chunks) {
            assertThat(TokenEstimate.of(chunk.text())).isLessThanOrEqualTo(100);
            assertThat(whole).as("every sentence of %s is a whole source sentence", chunk.text())
                    .containsAll(Sentences.split(chunk.text()));
        }
        for (int i = 1; i < chunks.size(); i++) {
            List<String> before = Sentences.split(chunks.get(i - 1).text());
            List<String> after = Sentences.split(chunks.get(i).text());
            assertThat(after.getFirst()).as("chunk %d starts with the last sentence of chunk %d", i, i - 1)
                    .isEqualTo(before.getLast());
        }
        assertThat(chunks.getFirst().text()).startsWith(sentences.getFirst());
        assertThat(chunks.getLast().text()).endsWith(sentences.getLast());
    }

    @Test
    void aSentenceLongerThanAChunkIsCutAtClauseMarks() {
        String clause = "这是一个很长的从句";
        String sentence = String.join("，", java.util.Collections.nCopies(30, clause)) + "。";
        List<Chunk> chunks = new Chunker(50).chunk(markdown(sentence));
        assertThat(chunks).hasSizeGreaterThan(1);
        for (Chunk chunk : chunks) {
            assertThat(TokenEstimate.of(chunk.text())).isLessThanOrEqualTo(50);
            assertThat(chunk.text()).startsWith(clause);
        }
        assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo(sentence);
    }

    @Test
    void textWithNoPunctuationOrSpacesStillFitsTheTarget() {
        String run = "模".repeat(1000);
        List<Chunk> chunks = new Chunker(64).chunk(markdown(run));
        assertThat(chunks).allSatisfy(c -> assertThat(TokenEstimate.of(c.text())).isLessThanOrEqualTo(64));
        assertThat(String.join("", chunks.stream().map(Chunk::text).toList())).isEqualTo(run);
    }

    @Test
    void longListsAreCutBetweenItemsWithoutRepetition() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            list.append("- item number ").append(i).append(" of the list\n");
        }
        List<Chunk> chunks = new Chunker(40).chunk(markdown(list.toString()));
        List<String> lines = new ArrayList<>();
        for (Chunk chunk : chunks) {
            assertThat(TokenEstimate.of(chunk.text())).isLessThanOrEqualTo(40);
            lines.addAll(List.of(chunk.text().split("\n")));
        }
        assertThat(lines).hasSize(30).first().isEqualTo("- item number 0 of the list");
    }

    @Test
    void aDocumentWithoutTextHasNoChunks() {
        assertThat(new Chunker().chunk(markdown("# Only a title\n\n## And a heading\n"))).isEmpty();
    }

    /** Random documents of headings and paragraphs; the invariants hold for every seed. */
    @Test
    void randomDocumentsKeepEverySentenceWholeInOrderAndWithinTheTarget() {
        List<String> pool = List.of("Transformer 模型在2017年提出。", "它完全依赖注意力机制！", "这带来了什么变化？",
                "Training is parallel on GPUs.", "BERT, e.g., uses only the encoder.", "GPT-3.5 has a long context.",
                "量化把每个参数压缩到4比特，从而大大减少内存占用，并且让普通笔记本电脑也能运行七十亿参数的模型。");
        long seed = Long.getLong("wenjin.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int target = 20 + random.nextInt(120);
            StringBuilder doc = new StringBuilder("# Title\n\n");
            List<String> all = new ArrayList<>();
            for (int p = 0; p < 1 + random.nextInt(12); p++) {
                if (random.nextInt(4) == 0) {
                    doc.append("## Section ").append(p).append("\n\n");
                }
                int n = 1 + random.nextInt(15);
                for (int s = 0; s < n; s++) {
                    String sentence = pool.get(random.nextInt(pool.size()));
                    doc.append(sentence).append(sentence.endsWith(".") ? " " : "");
                    all.add(sentence);
                }
                doc.append("\n\n");
            }
            List<Chunk> chunks = new Chunker(target).chunk(markdown(doc.toString()));
            String context = "seed " + seed + " round " + round + " target " + target;
            List<String> seen = new ArrayList<>();
            for (Chunk chunk : chunks) {
                assertThat(TokenEstimate.of(chunk.text())).as(context).isLessThanOrEqualTo(target);
                seen.addAll(Sentences.split(chunk.text()));
            }
            // Cut sentences (only the long one, when the target is small) are the exception the Chunker allows.
            if (all.stream().allMatch(s -> TokenEstimate.of(s) <= target)) {
                assertThat(collapseRepeats(seen)).as(context).isEqualTo(collapseRepeats(all));
            }
        }
    }

    /** Overlap repeats a sentence next to itself; collapsing adjacent repeats compares content and order. */
    private static List<String> collapseRepeats(List<String> sentences) {
        List<String> out = new ArrayList<>();
        for (String s : sentences) {
            if (out.isEmpty() || !out.getLast().equals(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
