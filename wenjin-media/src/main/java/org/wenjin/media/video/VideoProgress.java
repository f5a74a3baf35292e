package org.wenjin.media.video;

/**
 * How far {@link VideoMaker} has got: the stage it is in and the fraction of that stage done, from 0 to 1.
 * The stages run in order; {@link Stage#DONE} comes once, when the MP4 is complete.
 */
public record VideoProgress(Stage stage, double fraction) {
    public enum Stage {
        /** Reading the sentences aloud, one after another. */
        NARRATION,
        /** Drawing a frame with its subtitle for every sentence. */
        SLIDES,
        /** ffmpeg encoding the frames and the narration; the fraction is the encoded time over the whole. */
        ENCODING,
        DONE
    }

    public VideoProgress {
        if (stage == null || !(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("progress " + stage + " " + fraction + " is not a stage and a fraction in 0..1");
        }
    }
}
