package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wenjin.knowledge.DemoGraph.iri;

import org.junit.jupiter.api.Test;
import org.wenjin.knowledge.EntityDescription.Name;
import org.wenjin.knowledge.text.Language;

/** The page about one entity: names by language, aliases, classes, facts both ways and neighbours. */
class EntityDescriptionTest {
    private final KnowledgeGraph graph = DemoGraph.get();

    @Test
    void describesAnEntityWithItsNamesClassesFactsAndNeighbours() {
        EntityDescription ernieBot = graph.describe(iri("ErnieBot"), Language.CHINESE).orElseThrow();

        assertThat(ernieBot.label()).isEqualTo("文心一言");
        assertThat(ernieBot.labels()).containsExactlyInAnyOrder(new Name("ERNIE Bot", "en"), new Name("文心一言", "zh"));
        assertThat(ernieBot.aliases()).containsExactlyInAnyOrder(new Name("Ernie Bot", "en"), new Name("Wenxin Yiyan", "en"));
        assertThat(ernieBot.types()).extracting(EntityDescription.Resource::iri).contains(iri("Chatbot"));
        assertThat(ernieBot.outgoing()).extracting(Fact::render)
                .contains("文心一言 —开发者→ 百度", "文心一言 —基础模型→ 文心大模型")
                .noneMatch(line -> line.contains("类型"));
        assertThat(ernieBot.neighbours()).extracting(EntityDescription.Neighbour::iri)
                .contains(iri("Baidu"), iri("ERNIE"))
                .doesNotContain(iri("ErnieBot"), iri("Chatbot"));
    }

    @Test
    void incomingFactsAndNeighboursAreNamedInTheReadersLanguage() {
        EntityDescription baidu = graph.describe(iri("Baidu"), Language.ENGLISH).orElseThrow();

        assertThat(baidu.label()).isEqualTo("Baidu");
        assertThat(baidu.incoming()).extracting(Fact::render).contains("ERNIE Bot —developer→ Baidu");
        assertThat(baidu.neighbours()).extracting(EntityDescription.Neighbour::label).contains("ERNIE Bot", "Beijing");
        assertThat(baidu.neighbours()).allMatch(n -> n.facts() >= 1);
    }

    @Test
    void anUnknownEntityHasNoDescription() {
        assertThat(graph.describe("http://example.org/nothing", Language.ENGLISH)).isEmpty();
    }

    @Test
    void aCitedFactIsFoundByItsIdAndItsSubjectsName() {
        Fact cited = graph.factsFor("文心一言是哪家公司开发的?", 1).getFirst();

        Fact found = graph.fact(cited.id(), cited.subjectLabel(), Language.ENGLISH).orElseThrow();

        assertThat(found.id()).isEqualTo(cited.id());
        assertThat(found.subject()).isEqualTo(iri("ErnieBot"));
        assertThat(found.object()).isEqualTo(iri("Baidu"));
        assertThat(graph.hasResourceObject(found)).isTrue();
        assertThat(graph.fact(cited.id(), "ChatGPT", Language.ENGLISH)).isEmpty();
        assertThat(graph.fact("F0000000000", cited.subjectLabel(), Language.ENGLISH)).isEmpty();
    }
}
