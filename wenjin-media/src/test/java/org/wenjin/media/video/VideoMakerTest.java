package org.wenjin.media.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.Ffmpeg;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.BackgroundStyle;
import org.wenjin.media.poster.CjkFont;
import org.wenjin.media.poster.Palette;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.poster.PosterTemplate;
import org.wenjin.media.speech.EspeakNg;

class VideoMakerTest {
    /** Small, so that encoding stays quick on a two-core machine. */
    private static final PosterSpec POSTER = new PosterSpec("智能交通大会", "车路协同 · 自动驾驶",
            List.of("数字孪生城市", "自动驾驶示范区"), "2026年5月 · 北京", Palette.DEFAULT, BackgroundStyle.GRADIENT,
            PosterTemplate.CENTERED, 640, 360);
    private static final String NARRATION = "欢迎参加智能交通大会。This year we focus on cooperative driving. 我们五月在北京见！";

    @TempDir
    Path temp;

    @Test
    void makesAnMp4WithVideoAndAudioAsLongAsTheNarration() throws IOException {
        assumeTrue(installed("ffmpeg", "-version") && installed("ffprobe", "-version") && installed("espeak-ng", "--version"), "ffmpeg or espeak-ng missing");
        Path mp4 = temp.resolve("conference.mp4");
        List<VideoProgress> progress = new java.util.ArrayList<>();
        NarratedVideo video = new VideoMaker(new EspeakNg(), new PosterComposer(CjkFont.family()), "ffmpeg")
                .make(NARRATION, POSTER, mp4, progress::add);

        // Stages in order, each one's fraction never going back, ending with the whole video done.
        assertThat(progress).extracting(VideoProgress::stage).startsWith(VideoProgress.Stage.NARRATION)
                .endsWith(VideoProgress.Stage.DONE).isSortedAccordingTo(java.util.Comparator.naturalOrder())
                .contains(VideoProgress.Stage.SLIDES, VideoProgress.Stage.ENCODING);
        for (int i = 1; i < progress.size(); i++) {
            if (progress.get(i).stage() == progress.get(i - 1).stage()) {
                assertThat(progress.get(i).fraction()).isGreaterThanOrEqualTo(progress.get(i - 1).fraction());
            }
        }
        assertThat(progress).filteredOn(p -> p.stage() == VideoProgress.Stage.NARRATION).extracting(VideoProgress::fraction)
                .containsExactly(0.0, 1 / 3.0, 2 / 3.0, 1.0);
        assertThat(progress).filteredOn(p -> p.stage() == VideoProgress.Stage.ENCODING).extracting(VideoProgress::fraction)
                .as("ffmpeg's progress reports arrive while it encodes").hasSizeGreaterThan(1).last().isEqualTo(1.0);

        JsonNode probe = new ObjectMapper().readTree(Ffmpeg.run(List.of("ffprobe", "-v", "error",
                "-show_entries", "stream=codec_type,codec_name,width,height:format=duration", "-of", "json",
                mp4.toString())));
        JsonNode streams = probe.get("streams");
        assertThat(streams.findValuesAsText("codec_type")).containsExactlyInAnyOrder("video", "audio");
        assertThat(streams.findValuesAsText("codec_name")).containsExactlyInAnyOrder("h264", "aac");
        JsonNode picture = streams.get(0).has("width") ? streams.get(0) : streams.get(1);
        assertThat(picture.get("width").asInt()).isEqualTo(640);
        assertThat(picture.get("height").asInt()).isEqualTo(360);

        double seconds = probe.get("format").get("duration").asDouble();
        assertThat(video.duration()).isGreaterThan(Duration.ofSeconds(3));
        assertThat(seconds).isCloseTo(video.duration().toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.3));

        assertThat(video.cues()).extracting(SubtitleCue::text).containsExactly("欢迎参加智能交通大会。",
                "This year we focus on cooperative driving.", "我们五月在北京见！");
        assertThat(video.cues().getLast().end()).isEqualTo(video.duration());
        assertThat(video.slides()).isEqualTo(3);
        assertThat(Files.readString(video.srt())).startsWith("1\n00:00:00,000 --> 00:00:0").contains("3\n");
    }

    @Test
    void refusesANarrationTooLongToMakeAVideoOf() {
        String tooLong = "智能交通。".repeat(VideoMaker.MAX_CHARACTERS / 5 + 1);
        assertThatThrownBy(() -> new VideoMaker(new EspeakNg(), new PosterComposer("Dialog"), "ffmpeg")
                .make(tooLong, POSTER, temp.resolve("long.mp4")))
                .isInstanceOf(MediaException.class).hasMessageContaining("narration too long")
                .hasMessageContaining("at most " + VideoMaker.MAX_CHARACTERS);
    }

    @Test
    void aMissingFfmpegSaysWhatToInstall() {
        assertThatThrownBy(() -> Ffmpeg.run(List.of("/nonexistent/ffmpeg", "-version")))
                .isInstanceOf(MediaException.class).hasMessageContaining("apt-get install ffmpeg");
    }

    @Test
    void writesSubRipTimestamps() {
        String srt = SubtitleCue.srt(List.of(new SubtitleCue(Duration.ZERO, Duration.ofMillis(1500), "你好。"),
                new SubtitleCue(Duration.ofMillis(1500), Duration.ofSeconds(3723, 45_000_000), "再见。")));
        assertThat(srt).isEqualTo("1\n00:00:00,000 --> 00:00:01,500\n你好。\n\n2\n00:00:01,500 --> 01:02:03,045\n再见。\n\n");
    }

    private static boolean installed(String program, String versionOption) {
        try {
            return new ProcessBuilder(program, versionOption).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
