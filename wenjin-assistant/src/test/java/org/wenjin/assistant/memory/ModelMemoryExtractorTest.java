package org.wenjin.assistant.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A model's memories are taken only as a JSON array of what the user actually said. */
class ModelMemoryExtractorTest {
    private static final String TURN = "我在县医院儿科工作。以后请用英文回答。文心一言是谁开发的？";

    @Test
    void theMemoriesInTheReplysArrayAreRead() {
        assertThat(ModelMemoryExtractor.parse("好的：[{\"kind\": \"fact\", \"text\": \"在县医院儿科工作\"}, "
                + "{\"kind\": \"preference\", \"text\": \"用英文回答\"}]", TURN))
                .containsExactly(new UserMemory("fact", "在县医院儿科工作"), new UserMemory("preference", "用英文回答"));
        assertThat(ModelMemoryExtractor.parse("[]", "Who developed BERT?")).isEmpty();
    }

    @Test
    void aReplyThatIsNotAnArrayOfWhatTheUserSaidIsRejectedWithTheReason() {
        assertThatThrownBy(() -> ModelMemoryExtractor.parse("Once upon a time there was a girl.", TURN))
                .hasMessage("the reply has no JSON array");
        assertThatThrownBy(() -> ModelMemoryExtractor.parse("[{\"kind\": \"fact\", \"text\": \"是一名外科主任医师\"}]", TURN))
                .hasMessage("item 1: '是一名外科主任医师' is not what the user said");
        assertThatThrownBy(() -> ModelMemoryExtractor.parse("[{\"kind\": \"hobby\", \"text\": \"儿科\"}]", TURN))
                .hasMessage("item 1: kind must be 'fact' or 'preference', was 'hobby'");
    }
}
