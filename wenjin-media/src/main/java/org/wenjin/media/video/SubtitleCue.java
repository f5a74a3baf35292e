package org.wenjin.media.video;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** One subtitle: the sentence being spoken from {@code start} to {@code end}. */
public record SubtitleCue(Duration start, Duration end, String text) {

    /** The cues as a SubRip (.srt) file: numbered blocks, "HH:MM:SS,mmm --> HH:MM:SS,mmm", the text, a blank line. */
    public static String srt(List<SubtitleCue> cues) {
        StringBuilder srt = new StringBuilder();
        for (int i = 0; i < cues.size(); i++) {
            SubtitleCue cue = cues.get(i);
            srt.append(i + 1).append('\n')
                    .append(timestamp(cue.start())).append(" --> ").append(timestamp(cue.end())).append('\n')
                    .append(cue.text()).append("\n\n");
        }
        return srt.toString();
    }

    private static String timestamp(Duration at) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d",
                at.toHours(), at.toMinutesPart(), at.toSecondsPart(), at.toMillisPart());
    }
}
