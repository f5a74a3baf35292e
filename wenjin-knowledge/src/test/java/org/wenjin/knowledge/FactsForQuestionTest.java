package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wenjin.knowledge.DemoGraph.iri;

import java.util.List;
import org.junit.jupiter.api.Test;

class FactsForQuestionTest {
    private final KnowledgeGraph graph = DemoGraph.get();

    @Test
    void theFactWhosePredicateTheQuestionNamesComesFirst() {
        assertThat(graph.factsFor("百度的总部在哪里?", 5).getFirst().render()).isEqualTo("百度 —总部→ 北京");
        assertThat(graph.factsFor("Where is Baidu headquartered?", 5).getFirst().render())
                .isEqualTo("Baidu —headquarters→ Beijing");
        assertThat(graph.factsFor("When was ChatGPT released?", 5).getFirst().render())
                .isEqualTo("ChatGPT —release year→ 2022");
        assertThat(graph.factsFor("ChatGPT是基于哪个模型的?", 5).getFirst().render()).isEqualTo("ChatGPT —基础模型→ GPT-3.5");
    }

    @Test
    void factsComeFromBothDirectionsOfAnEntity() {
        List<Fact> facts = graph.factsFor("百度", 20);

        assertThat(facts).extracting(Fact::render)
                .contains("百度 —总部→ 北京", "百度 —创始人→ 李彦宏", "文心一言 —开发者→ 百度", "文心大模型 —开发者→ 百度");
    }

    @Test
    void labelsAreInTheLanguageOfTheQuestion() {
        Fact chinese = graph.factsFor("文心一言是哪家公司开发的?", 1).getFirst();
        Fact english = graph.factsFor("Which company developed ERNIE Bot?", 1).getFirst();

        assertThat(chinese.render()).isEqualTo("文心一言 —开发者→ 百度");
        assertThat(english.render()).isEqualTo("ERNIE Bot —developer→ Baidu");
        assertThat(english.id()).isEqualTo(chinese.id());
        assertThat(chinese.subject()).isEqualTo(iri("ErnieBot"));
        assertThat(chinese.predicate()).isEqualTo(iri("developer"));
        assertThat(chinese.object()).isEqualTo(iri("Baidu"));
        assertThat(chinese.source()).isEqualTo("llm-history.ttl");
        assertThat(chinese.rule()).isNull();
    }

    @Test
    void factIdsAreShortAndTheSameInEveryGraph() {
        Fact fact = graph.factsFor("ChatGPT的开发者是谁?", 1).getFirst();

        try (KnowledgeGraph other = KnowledgeGraph.inMemory()) {
            other.loadDemo();
            assertThat(other.factsFor("Who developed ChatGPT?", 1).getFirst().id()).isEqualTo(fact.id());
        }
        assertThat(fact.id()).matches("F[0-9a-f]{10}");
    }

    @Test
    void goesOneStepFurtherWhenTheQuestionAsksAboutIt() {
        String question = "ChatGPT的开发者的总部在哪里?";

        List<String> twoHops = graph.factsFor(question, 3).stream().map(Fact::render).toList();
        List<String> oneHop = graph.factsFor(question, 10, 1).stream().map(Fact::render).toList();

        assertThat(twoHops).startsWith("ChatGPT —开发者→ OpenAI", "OpenAI —总部→ 旧金山");
        assertThat(oneHop).contains("ChatGPT —开发者→ OpenAI").doesNotContain("OpenAI —总部→ 旧金山");
    }

    @Test
    void doesNotWanderFurtherWhenTheQuestionDoesNotAsk() {
        List<String> facts = graph.factsFor("ChatGPT", 50).stream().map(Fact::render).toList();

        assertThat(facts).contains("ChatGPT —developer→ OpenAI")
                .noneMatch(f -> f.startsWith("OpenAI —headquarters→"));
    }

    @Test
    void inferredFactsNameTheRuleThatMadeThem() {
        assertThat(graph.factsFor("旧金山位于哪个国家?", 5)).extracting(Fact::render)
                .contains("旧金山 —所在地→ 美国 (inferred by prp-trp)");
        assertThat(graph.factsFor("Who are the key people of OpenAI?", 3)).extracting(Fact::render)
                .contains("OpenAI —key person→ Sam Altman (inferred by rdfs7)");
        Fact typed = graph.factsFor("萨姆·奥尔特曼是什么人物?", 10).stream().filter(Fact::inferred)
                .filter(f -> f.predicateLabel().equals("类型")).findFirst().orElseThrow();
        assertThat(typed.render()).isEqualTo("萨姆·奥尔特曼 —类型→ 人物 (inferred by rdfs3)");
        assertThat(typed.source()).isEqualTo("llm-history.ttl");
    }

    @Test
    void anInferredFactThatOnlyRestatesAnotherFromTheOtherEndIsLeftOut() {
        List<String> facts = graph.factsFor("文心一言是哪家公司开发的?", 10).stream().map(Fact::render).toList();

        assertThat(facts).contains("文心一言 —开发者→ 百度").doesNotContain("百度 —研发成果→ 文心一言 (inferred by prp-inv2)");
    }

    @Test
    void aQuestionWithoutKnownEntitiesHasNoFacts() {
        assertThat(graph.factsFor("今天天气怎么样?", 10)).isEmpty();
        assertThat(graph.factsFor("ChatGPT", 0)).isEmpty();
    }

    @Test
    void rankedFactsCarryTheirScoresBestFirst() {
        List<RankedFact> ranked = graph.rankedFactsFor("百度的总部在哪里?", 6, 2);

        assertThat(ranked).extracting(RankedFact::fact).isEqualTo(graph.factsFor("百度的总部在哪里?", 6));
        assertThat(ranked).extracting(RankedFact::score).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ranked.getFirst().score()).isGreaterThan(ranked.getLast().score());
    }
}
