package org.wenjin.media.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.wenjin.model.local.LocalChatModel;

class PosterDesignerTest {
    private static final String ANSWER = "智能交通大会将于2026年5月在北京举行。大会聚焦车路协同与自动驾驶。"
            + "来自全国三十个城市的交通部门将分享数字孪生的实践经验。展览区展示新一代信号控制系统。欢迎报名参加！";

    @Test
    void theTemplateTakesTheTitleAndPointsFromTheSentences() {
        PosterDraft draft = new PosterDesigner().design(ANSWER);
        assertThat(draft.fromModel()).isFalse();
        PosterSpec spec = draft.spec();
        assertThat(spec.title()).isEqualTo("智能交通大会将于2026年5月在北京举行");
        assertThat(spec.points()).hasSize(4).first().isEqualTo("大会聚焦车路协同与自动驾驶。");
        assertThat(spec.points().get(1)).hasSizeLessThanOrEqualTo(60);
    }

    @Test
    void findsTheJsonInAFencedReply() {
        String reply = "Here is the poster:\n```json\n{\"title\": \"问津\", \"points\": [\"本地\"]}\n```\n";
        assertThat(PosterSpec.fromJson(PosterDesigner.jsonIn(reply)).title()).isEqualTo("问津");
        assertThatThrownBy(() -> PosterDesigner.jsonIn("no spec here")).hasMessageContaining("no JSON object");
    }

    @Test
    void fallsBackToTheTemplateWhenTheModelWritesNoValidSpec() {
        Path stories = Path.of(System.getProperty("wenjin.testdata", "../shared/testdata"), "stories260K.gguf");
        assumeTrue(Files.exists(stories), "stories260K.gguf is not in the test data");
        // A 260K-parameter model trained on children's stories: it cannot write JSON, so the template takes over.
        try (LocalChatModel model = LocalChatModel.load(stories, 0, 1)) {
            PosterDraft draft = new PosterDesigner(model).design(ANSWER);
            assertThat(draft.fromModel()).isFalse();
            assertThat(draft.problem()).isNotBlank();
            assertThat(draft.spec()).isEqualTo(PosterDesigner.fromText(ANSWER));
        }
    }
}
