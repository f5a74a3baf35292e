package org.wenjin.assistant.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryRecallTest {
    @Test
    void preferencesAlwaysApplyAndFactsOnlyWhenTheyShareTermsWithTheQuestion() {
        List<UserMemory> memories = List.of(
                new UserMemory("preference", "answer in English"),
                new UserMemory("fact", "在县医院儿科工作"),
                new UserMemory("fact", "lives in Kunming"));

        assertThat(new MemoryRecall().recall("儿科常用的大模型应用有哪些？", memories))
                .containsExactly(new UserMemory("preference", "answer in English"), new UserMemory("fact", "在县医院儿科工作"));
        assertThat(new MemoryRecall().recall("What is BERT?", memories))
                .containsExactly(new UserMemory("preference", "answer in English"));
    }
}
