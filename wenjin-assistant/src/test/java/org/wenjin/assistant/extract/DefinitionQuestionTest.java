package org.wenjin.assistant.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DefinitionQuestionTest {
    @Test
    void recognisesWhatIsQuestionsInEnglishAndChinese() {
        assertThat(DefinitionQuestion.of("What is retrieval-augmented generation?")).isPresent();
        assertThat(DefinitionQuestion.of("什么是知识增强？")).isPresent();
        assertThat(DefinitionQuestion.of("Transformer 是什么")).isPresent();
        assertThat(DefinitionQuestion.of("Who developed BERT?")).isEmpty();
        assertThat(DefinitionQuestion.of("文心一言是哪家公司开发的？")).isEmpty();
    }

    @Test
    void aSentenceThatNamesTheSubjectAndSaysWhatItIsDefinesIt() {
        DefinitionQuestion rag = DefinitionQuestion.of("What is retrieval-augmented generation?").orElseThrow();
        DefinitionQuestion knowledge = DefinitionQuestion.of("什么是知识增强？").orElseThrow();

        assertThat(rag.isDefinedBy("Retrieval-augmented generation, usually shortened to RAG, is a way to ...")).isTrue();
        assertThat(rag.isDefinedBy("Evaluating a system built on retrieval-augmented generation is hard.")).isFalse();
        assertThat(knowledge.isDefinedBy("知识增强是指在预训练中融入知识图谱等结构化知识。")).isTrue();
        assertThat(knowledge.isDefinedBy("百度介绍了几项技术：有监督精调、知识增强和检索增强。")).isFalse();
    }
}
