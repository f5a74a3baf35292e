package org.wenjin.media.poster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.media.MediaException;

class PosterSpecTest {
    @Test
    void readsTheJsonFormWithDefaultsForWhatIsLeftOut() {
        PosterSpec spec = PosterSpec.fromJson("""
                {"title": "智能交通大会", "points": ["车路协同", "自动驾驶"], "template": "banner",
                 "colors": {"background": "#102030", "text": "#FFFFFF", "accent": "#FF8800"}}""");
        assertThat(spec.title()).isEqualTo("智能交通大会");
        assertThat(spec.points()).containsExactly("车路协同", "自动驾驶");
        assertThat(spec.template()).isEqualTo(PosterTemplate.BANNER);
        assertThat(spec.background()).isEqualTo(BackgroundStyle.GRADIENT);
        assertThat(spec.colors().accentColor().getRGB() & 0xFFFFFF).isEqualTo(0xFF8800);
        assertThat(spec.width()).isEqualTo(1080);
        assertThat(spec.subtitle()).isNull();
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> PosterSpec.fromJson("{\"title\": \"  \"}"))
                .isInstanceOf(MediaException.class).hasMessage("poster.title: must not be empty");
        assertThatThrownBy(() -> PosterSpec.fromJson("{\"title\": \"T\", \"points\": [\"a\", \"\"]}"))
                .hasMessage("poster.points[1]: must not be empty");
        assertThatThrownBy(() -> PosterSpec.fromJson(
                "{\"title\": \"T\", \"colors\": {\"background\": \"blue\", \"text\": \"#FFFFFF\", \"accent\": \"#000000\"}}"))
                .hasMessageContaining("poster.colors.background: 'blue' is not a colour");
        assertThatThrownBy(() -> PosterSpec.fromJson("{\"title\": \"T\", \"template\": \"diagonal\"}"))
                .hasMessage("poster.template: 'diagonal' is not one of centered, banner");
        assertThatThrownBy(() -> PosterSpec.fromJson("{\"title\": \"T\", \"colour\": \"#FFFFFF\"}"))
                .hasMessageStartingWith("poster.colour: unknown field");
        assertThatThrownBy(() -> PosterSpec.fromJson("{\"title\": \"T\",\n \"width\": 100}"))
                .hasMessageContaining("poster.width: 100 px");
        assertThatThrownBy(() -> PosterSpec.fromJson("{\"title\": \"T\",\n \"points\": [}"))
                .hasMessageContaining("not valid JSON").hasMessageContaining("line 2");
    }

    @Test
    void limitsTheAmountOfText() {
        assertThatThrownBy(() -> PosterSpec.of("题".repeat(61), null, List.of(), null))
                .hasMessage("poster.title: 61 characters, at most 60");
        assertThatThrownBy(() -> PosterSpec.of("T", null, List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), null))
                .hasMessage("poster.points: 9 points, at most 8");
    }
}
