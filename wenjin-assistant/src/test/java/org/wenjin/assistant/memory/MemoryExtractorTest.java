package org.wenjin.assistant.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryExtractorTest {
    private final MemoryExtractor extractor = new MemoryExtractor();

    @Test
    void findsWhatAChineseUserSaysAboutThemselvesAndHowTheyWantAnswers() {
        List<UserMemory> found = extractor.extract("我在县医院儿科工作。以后请用英文回答。");

        assertThat(found).containsExactly(
                new UserMemory("fact", "在县医院儿科工作"),
                new UserMemory("preference", "用英文回答"));
    }

    @Test
    void findsWhatAnEnglishUserSaysAboutThemselvesAndHowTheyWantAnswers() {
        List<UserMemory> found = extractor.extract("I'm a teacher at a village school. Please answer in Chinese. My name is Mei.");

        assertThat(found).containsExactlyInAnyOrder(
                new UserMemory("fact", "is a teacher at a village school"),
                new UserMemory("preference", "answer in Chinese"),
                new UserMemory("fact", "name is Mei"));
    }

    @Test
    void questionsAndOrdinaryTurnsAreNotRemembered() {
        assertThat(extractor.extract("我是不是应该换工作？")).isEmpty();
        assertThat(extractor.extract("Am I a good fit for this job?")).isEmpty();
        assertThat(extractor.extract("文心一言是哪家公司开发的？")).isEmpty();
        assertThat(extractor.extract("What is BERT?")).isEmpty();
    }
}
