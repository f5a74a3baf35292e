package org.wenjin.media.video;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A video made by {@link VideoMaker}: the MP4, its SubRip subtitles beside it, and the narration's length. */
public record NarratedVideo(Path mp4, Path srt, Duration duration, List<SubtitleCue> cues, int slides) {
}
