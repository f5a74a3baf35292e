package org.wenjin.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectAnswerTest {
    private final KnowledgeGraph graph = DemoGraph.get();

    private String answer(String question) {
        return graph.answer(question).map(DirectAnswer::text).orElse(null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "文心一言是哪家公司开发的?     | 文心一言的开发者是百度。",
            "ChatGPT的开发者是谁?         | ChatGPT的开发者是OpenAI。",
            "百度的总部在哪里?            | 百度的总部是北京。",
            "ChatGPT是哪一年发布的?       | ChatGPT的发布年份是2022。",
            "GPT-3的架构是什么?           | GPT-3的架构是Transformer。",
            "通义千问的开发者?            | 通义千问的开发者是阿里云。",
            "阿里云的母公司是什么？       | 阿里云的母公司是阿里巴巴集团。",
            "OpenAI的创始人是谁?          | OpenAI的创始人是伊尔亚·苏茨克维、格雷格·布罗克曼、萨姆·奥尔特曼。",
            "旧金山位于哪个国家?          | 旧金山的所在地是美国。",
            "马云是哪家公司的创始人?      | 马云是阿里巴巴集团的创始人。"})
    void answersChineseFactoidQuestions(String question, String expected) {
        assertThat(answer(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Who created ChatGPT?                       | The developer of ChatGPT is OpenAI.",
            "What is the developer of ERNIE Bot?        | The developer of ERNIE Bot is Baidu.",
            "When was ChatGPT released?                 | The release year of ChatGPT is 2022.",
            "Where is Baidu headquartered?              | The headquarters of Baidu is Beijing.",
            "What is the base model of ChatGPT?         | The base model of ChatGPT is GPT-3.5.",
            "Who founded Google?                        | The founders of Google are Larry Page and Sergey Brin.",
            "What year was Alibaba founded?             | The founding year of Alibaba Group is 1999.",
            "Which models are based on BERT?            | BERT is the base model of ERNIE (Tsinghua).",
            "What did OpenAI develop?                   | The products of OpenAI are ChatGPT, GPT-3 and GPT-3.5."})
    void answersEnglishFactoidQuestions(String question, String expected) {
        assertThat(answer(question)).isEqualTo(expected);
    }

    @Test
    void theAnswerCarriesTheFactsItStates() {
        DirectAnswer answer = graph.answer("Who founded Google?").orElseThrow();

        assertThat(answer.facts()).extracting(Fact::render)
                .containsExactly("Google —founder→ Larry Page", "Google —founder→ Sergey Brin");
        assertThat(answer.citedText()).isEqualTo("The founders of Google are Larry Page and Sergey Brin."
                + "[" + answer.facts().get(0).id() + "][" + answer.facts().get(1).id() + "]");
    }

    @Test
    void anAnswerMayRestOnAnInferredFact() {
        DirectAnswer answer = graph.answer("微软的合作伙伴是谁?").orElseThrow();

        assertThat(answer.text()).isEqualTo("微软的合作伙伴是OpenAI。");
        assertThat(answer.facts()).extracting(Fact::render).containsExactly("微软 —合作伙伴→ OpenAI (inferred by prp-symp)");
        assertThat(answer.facts().getFirst().source()).isEqualTo("llm-history.ttl");
    }

    @Test
    void answersAQuestionThatTakesTwoSteps() {
        DirectAnswer chinese = graph.answer("ChatGPT的开发者的总部在哪里?").orElseThrow();
        DirectAnswer english = graph.answer("Where is the developer of ChatGPT headquartered?").orElseThrow();

        assertThat(chinese.text()).isEqualTo("ChatGPT的开发者是OpenAI，OpenAI的总部是旧金山。");
        assertThat(english.text()).isEqualTo("The developer of ChatGPT is OpenAI, and the headquarters of OpenAI is San Francisco.");
        assertThat(english.facts()).extracting(Fact::id).isEqualTo(chinese.facts().stream().map(Fact::id).toList());
    }

    @Test
    void explainsHowTwoEntitiesAreRelated() {
        DirectAnswer direct = graph.answer("文心一言和百度是什么关系?").orElseThrow();
        DirectAnswer throughAThird = graph.answer("How are ChatGPT and GPT-3 related?").orElseThrow();

        assertThat(direct.text()).isEqualTo("文心一言和百度的关系：文心一言的开发者是百度。");
        assertThat(direct.facts()).extracting(Fact::render).containsExactly("文心一言 —开发者→ 百度");
        assertThat(throughAThird.text()).isEqualTo(
                "ChatGPT and GPT-3 are related: the developer of ChatGPT is OpenAI, and the developer of GPT-3 is OpenAI.");
    }

    @Test
    void aRelationFoundOnlyByInferenceIsExplainedWithTheInferredFact() {
        DirectAnswer answer = graph.answer("How are San Francisco and the United States related?").orElseThrow();

        assertThat(answer.text()).isEqualTo("San Francisco and United States are related: "
                + "the location of San Francisco is California, and the location of California is United States.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "介绍一下文心一言",                 // a request, not a question
            "What is ChatGPT?",                 // asks for no predicate
            "百度的ERNIE基于什么?",              // the graph does not say
            "今天天气怎么样?",                   // names nothing the graph knows
            "Who is the CEO of OpenAI?"})       // no such predicate
    void doesNotAnswerWhatItCannotAnswerFromTheGraph(String question) {
        assertThat(graph.answer(question)).as(question).isEqualTo(Optional.empty());
    }
}
