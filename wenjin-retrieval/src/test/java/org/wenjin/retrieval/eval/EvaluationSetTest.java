package org.wenjin.retrieval.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wenjin.retrieval.DemoDocuments;

/** The benchmark's questions are well formed and point at documents the collection has. */
class EvaluationSetTest {

    @Test
    void everyQuestionNamesSourcesOfTheCollectionAndNoQuestionRepeats() {
        Set<String> sources = new HashSet<>();
        DemoDocuments.names().forEach(n -> sources.add(DemoDocuments.SOURCE_PREFIX + n));
        EvaluationCollection.DOCUMENTS.forEach(n -> sources.add(EvaluationCollection.SOURCE_PREFIX + n));
        for (EvaluationSet set : List.of(EvaluationSet.chinese(), EvaluationSet.english())) {
            assertThat(set.questions()).as(set.name()).hasSize(50);
            assertThat(set.questions()).extracting(EvaluationSet.Question::text).doesNotHaveDuplicates();
            assertThat(set.questions()).allSatisfy(q -> assertThat(sources).containsAll(q.relevant()));
            // Every document is asked about at least once in each language.
            assertThat(set.questions().stream().flatMap(q -> q.relevant().stream()).toList()).containsAll(sources);
        }
    }

    @Test
    void chineseQuestionsAreInChineseAndEnglishOnesInEnglish() {
        // Chinese questions may name things in Latin letters ("Java 的 G1 垃圾回收器怎么工作"), but ask in Chinese.
        assertThat(EvaluationSet.chinese().questions()).allSatisfy(q -> assertThat(q.text()).containsPattern("\\p{IsHan}{4}"));
        assertThat(EvaluationSet.english().questions()).allSatisfy(q -> assertThat(q.text()).doesNotContainPattern("\\p{IsHan}"));
    }

    @Test
    void aLineWithoutSourcesIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> EvaluationSet.load("broken", "documents/printing.md"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("documents/printing.md line 3: expected a question, a tab and sources");
    }
}
