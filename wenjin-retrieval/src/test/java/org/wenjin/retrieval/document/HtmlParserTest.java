package org.wenjin.retrieval.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlParserTest {

    private static ParsedDocument parse(String html) throws UnreadableDocumentException {
        return new HtmlParser().parse(html.getBytes(StandardCharsets.UTF_8), "page");
    }

    @Test
    void titleComesFromTheTitleElement() throws Exception {
        assertThat(parse("<html><head><title>  RAG explained </title></head><body><h1>Other</h1><p>x</p></body></html>")
                .title()).isEqualTo("RAG explained");
    }

    @Test
    void withoutATitleElementTheFirstH1IsTheTitle() throws Exception {
        ParsedDocument doc = parse("<body><h1>通义千问</h1><p>开源模型。</p><h2>历史</h2><p>2023年。</p></body>");
        assertThat(doc.title()).isEqualTo("通义千问");
        assertThat(doc.blocks()).extracting(Block::section, Block::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", "开源模型。"),
                org.assertj.core.groups.Tuple.tuple("历史", "2023年。"));
    }

    @Test
    void withNeitherTheFileNameIsTheTitle() throws Exception {
        assertThat(parse("<p>text</p>").title()).isEqualTo("page");
    }

    @Test
    void scriptsStylesAndNavigationAreDroppedInlineElementsJoinAndATableIsOneBlockOfRows() throws Exception {
        ParsedDocument doc = parse("""
                <html><head><style>p{}</style><script>var x = 1;</script></head>
                <body><nav><a href="/">Home</a></nav>
                <p>The <b>Transformer</b> uses <a href="#">attention</a>.</p>
                <script>track()</script>
                <ul><li>encoder</li><li>decoder</li></ul>
                <table><tr><th>model</th><th>size</th></tr><tr><td>BERT</td><td>110M</td></tr></table>
                </body></html>""");
        assertThat(doc.blocks()).extracting(Block::text).containsExactly(
                "The Transformer uses attention.", "encoder", "decoder", "model | size\nBERT | 110M");
    }

    @Test
    void aMetaCharsetDeclarationIsHonoured() throws Exception {
        String html = "<html><head><meta charset=\"gb2312\"><title>文心一言</title></head><body><p>知识增强。</p></body></html>";
        ParsedDocument doc = new HtmlParser().parse(html.getBytes(Charset.forName("GBK")), "page");
        assertThat(doc.title()).isEqualTo("文心一言");
        assertThat(doc.blocks().getFirst().text()).isEqualTo("知识增强。");
    }

    @Test
    void chineseTextWrappedInTheSourceHasNoSpuriousSpaces() throws Exception {
        assertThat(parse("<p>大语言模型\n    很强大。</p>").blocks().getFirst().text()).isEqualTo("大语言模型很强大。");
    }
}
