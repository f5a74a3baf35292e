package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wenjin.knowledge.DemoGraph.iri;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityLinkingTest {
    private final KnowledgeGraph graph = DemoGraph.get();

    private List<String> entities(String text) {
        return graph.link(text).stream().map(EntityMention::entity).toList();
    }

    @Test
    void linksAChineseNameToItsEntityWithTheChineseLabel() {
        List<EntityMention> mentions = graph.link("文心一言是哪家公司开发的?");

        assertThat(mentions).containsExactly(new EntityMention(iri("ErnieBot"), "文心一言", 0, 4, 1.0));
    }

    @Test
    void linksEnglishNamesWithTheEnglishLabelWhateverTheCase() {
        List<EntityMention> mentions = graph.link("Did baidu build ERNIE Bot before chatgpt?");

        assertThat(mentions).extracting(EntityMention::entity)
                .containsExactly(iri("Baidu"), iri("ErnieBot"), iri("ChatGPT"));
        assertThat(mentions).extracting(EntityMention::label).containsExactly("Baidu", "ERNIE Bot", "ChatGPT");
        // Exact case scores higher than a match found only by folding case.
        assertThat(mentions.get(1).score()).isGreaterThan(mentions.get(0).score());
    }

    @Test
    void theLabelFollowsTheLanguageOfTheTextNotOfTheName() {
        assertThat(graph.link("Who founded 百度?")).extracting(EntityMention::label).containsExactly("Baidu");
        assertThat(graph.link("Baidu的创始人是谁?")).extracting(EntityMention::label).containsExactly("百度");
    }

    @Test
    void takesTheLongestNameStartingAtEachPlace() {
        assertThat(entities("ERNIE Bot and GPT-3.5")).containsExactly(iri("ErnieBot"), iri("GPT-3.5"));
        assertThat(entities("阿里巴巴集团和阿里云")).containsExactly(iri("Alibaba"), iri("AlibabaCloud"));
    }

    @Test
    void anEnglishNameMustNotRunIntoTheNextWord() {
        assertThat(entities("Metadata about GPT-35 and BERTology")).isEmpty();
        assertThat(entities("GPT-3's paper")).containsExactly(iri("GPT-3"));
    }

    @Test
    void aShortChineseNameMustNotCutAWordOfTheSegmenter() {
        // 一百度 is "one hundred degrees" (一百/度), not Baidu; 司马云 is a person's name, not 马云.
        assertThat(entities("水在一百度时沸腾")).isEmpty();
        assertThat(entities("司马云是谁")).isEmpty();
        assertThat(entities("马云创立了阿里巴巴")).containsExactly(iri("JackMa"), iri("Alibaba"));
    }

    @Test
    void aLongChineseNameTheSegmenterSplitsDifferentlyIsKeptWithALowerScore() {
        // The segmenter reads 文心一言和百度 as 文心/一/言和/百度: 言和 ("make peace") runs across the name's end.
        List<EntityMention> mentions = graph.link("文心一言和百度是什么关系?");

        assertThat(mentions).extracting(EntityMention::entity).containsExactly(iri("ErnieBot"), iri("Baidu"));
        assertThat(mentions.get(0).score()).isLessThan(1.0).isGreaterThan(0.5);
        assertThat(mentions.get(1).score()).isEqualTo(1.0);
    }

    @Test
    void findsNamesTypedInFullWidthOrWithoutTheDotOfATransliteration() {
        assertThat(graph.link("ＧＰＴ－３是哪一年发布的？")).extracting(EntityMention::entity, EntityMention::end)
                .containsExactly(tuple(iri("GPT-3"), 5));
        assertThat(entities("萨姆奥尔特曼和山姆·奥特曼")).containsExactly(iri("SamAltman"), iri("SamAltman"));
    }

    @Test
    void aSharedNameGoesToTheEntityWhoseNeighbourTheTextAlsoNames() {
        // Baidu and Tsinghua University each published a model called ERNIE in 2019.
        assertThat(entities("清华大学的ERNIE是哪一年发布的?")).containsExactly(iri("Tsinghua"), iri("ERNIE-Tsinghua"));
        assertThat(entities("百度的ERNIE是哪一年发布的?")).containsExactly(iri("Baidu"), iri("ERNIE"));
        assertThat(entities("Is ERNIE from Tsinghua based on BERT?"))
                .containsExactly(iri("ERNIE-Tsinghua"), iri("Tsinghua"), iri("BERT"));
    }

    @Test
    void aSharedNameGoesToTheEntityOfTheTypeTheTextSays() {
        // Gemini is both Google's model family and Google's chatbot.
        assertThat(entities("Gemini 这个聊天机器人是谁开发的?")).containsExactly(iri("GeminiChatbot"));
        assertThat(entities("Gemini 这个大模型是谁开发的?")).containsExactly(iri("Gemini"));
        assertThat(entities("Who makes the Gemini chatbot?")).containsExactly(iri("GeminiChatbot"));
        assertThat(entities("Which company trained the Gemini model?")).containsExactly(iri("Gemini"));
    }

    @Test
    void anUnresolvedSharedNameIsLinkedWithLowConfidence() {
        EntityMention sure = graph.link("清华大学的ERNIE").get(1);
        EntityMention unsure = graph.link("ERNIE").getFirst();

        assertThat(unsure.score()).isLessThan(0.6);
        assertThat(sure.score()).isGreaterThan(unsure.score());
    }

    @Test
    void classesAndPropertiesAreNotEntities() {
        assertThat(entities("公司 developer 模型 founder chatbot")).isEmpty();
        assertThat(graph.link("")).isEmpty();
    }
}
