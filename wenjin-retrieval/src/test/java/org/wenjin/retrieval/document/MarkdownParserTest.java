package org.wenjin.retrieval.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownParserTest {

    private static ParsedDocument parse(String markdown) {
        return new MarkdownParser().parse(markdown, "file-name");
    }

    @Test
    void theFirstHeadingIsTheTitleAndStaysOutOfTheSectionTrail() {
        ParsedDocument doc = parse("""
                # BERT

                Intro.

                ## Training

                ### Data

                Books and Wikipedia.
                """);
        assertThat(doc.title()).isEqualTo("BERT");
        assertThat(doc.blocks()).extracting(Block::section).containsExactly("", "Training > Data");
    }

    @Test
    void withoutAHeadingTheFileNameIsTheTitle() {
        assertThat(parse("Just a paragraph.").title()).isEqualTo("file-name");
    }

    @Test
    void frontMatterTitleWinsAndFrontMatterIsNotText() {
        ParsedDocument doc = parse("""
                ---
                title: "量化入门"
                tags: [llm]
                ---
                # 量化入门

                正文。
                """);
        assertThat(doc.title()).isEqualTo("量化入门");
        assertThat(doc.blocks()).extracting(Block::text).containsExactly("正文。");
    }

    @Test
    void setextHeadingsAreHeadings() {
        ParsedDocument doc = parse("Title\n=====\n\nIntro.\n\nPart\n----\n\nBody.\n");
        assertThat(doc.title()).isEqualTo("Title");
        assertThat(doc.blocks()).extracting(Block::section, Block::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "Intro."),
                        org.assertj.core.groups.Tuple.tuple("Part", "Body."));
    }

    @Test
    void inlineMarkupIsReducedToItsText() {
        ParsedDocument doc = parse("See the **[paper](https://arxiv.org/abs/1706.03762)** on `attention`, "
                + "*really* ![diagram](d.png) <b>now</b>.");
        assertThat(doc.blocks().getFirst().text()).isEqualTo("See the paper on attention, really diagram now.");
    }

    @Test
    void wrappedChineseLinesJoinWithoutSpacesAndEnglishLinesWithOne() {
        ParsedDocument doc = parse("大语言模型\n很强大。\n\nLarge language\nmodels are strong.\n");
        assertThat(doc.blocks()).extracting(Block::text)
                .containsExactly("大语言模型很强大。", "Large language models are strong.");
    }

    @Test
    void listsTablesAndCodeAreLineBlocks() {
        ParsedDocument doc = parse("""
                Intro:

                - first item
                - second item
                  continued

                | model | size |
                |-------|------|
                | BERT  | 110M |

                ```java
                int x = 1;

                int y = 2;
                ```
                <!-- a comment
                over lines -->
                After.
                """);
        assertThat(doc.blocks()).extracting(Block::text).containsExactly(
                "Intro:", "- first item\n- second item\ncontinued", "| model | size |\n| BERT | 110M |",
                "int x = 1;\n\nint y = 2;", "After.");
        assertThat(doc.blocks()).extracting(Block::layout).containsExactly(Block.Layout.PROSE, Block.Layout.LINES,
                Block.Layout.LINES, Block.Layout.LINES, Block.Layout.PROSE);
    }

    @Test
    void headingsWithTheSameTextAreStillDifferentSections() {
        ParsedDocument doc = parse("# T\n\n## Example\n\nOne.\n\n## Example\n\nTwo.\n");
        List<Block> blocks = doc.blocks();
        assertThat(blocks.get(0).section()).isEqualTo(blocks.get(1).section());
        assertThat(blocks.get(0).sectionNumber()).isNotEqualTo(blocks.get(1).sectionNumber());
    }
}
