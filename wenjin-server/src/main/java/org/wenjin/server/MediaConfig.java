package org.wenjin.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.wenjin.media.poster.ImageGenerator;
import org.wenjin.media.speech.EspeakNg;
import org.wenjin.media.speech.RemoteSpeech;
import org.wenjin.media.speech.SpeechSynthesizer;

/**
 * Where and how the server makes media.
 *
 * @param dir             where finished videos are kept until they are collected (the data directory's
 *                        {@code media} folder under {@code wenjin serve})
 * @param maxQueuedVideos videos allowed to wait while one is being made; more get 429
 * @param keepVideos      how long a finished or failed video job, and its file, is kept
 * @param ffmpeg          the ffmpeg program that encodes videos: a name looked up on the PATH, or a path
 * @param remoteSpeech    the OpenAI-compatible speech server that reads text aloud, for /v1/audio/speech and
 *                        video narration, instead of espeak-ng on this machine; null for espeak-ng
 * @param images          the OpenAI-compatible image-generation server that paints poster backgrounds; null for none
 */
public record MediaConfig(Path dir, int maxQueuedVideos, Duration keepVideos, String ffmpeg, RemoteSpeech remoteSpeech,
                          ImageGenerator images) {
    public static final int DEFAULT_MAX_QUEUED_VIDEOS = 4;
    public static final Duration DEFAULT_KEEP_VIDEOS = Duration.ofHours(1);

    public MediaConfig {
        if (dir == null) {
            throw new IllegalArgumentException("the media directory must be given");
        }
        if (maxQueuedVideos < 0) {
            throw new IllegalArgumentException("maxQueuedVideos must not be negative, was " + maxQueuedVideos);
        }
        if (keepVideos == null || keepVideos.isNegative()) {
            throw new IllegalArgumentException("keepVideos must be zero or positive");
        }
        if (ffmpeg == null || ffmpeg.isBlank()) {
            throw new IllegalArgumentException("the ffmpeg program must be named");
        }
    }

    /** Videos in {@code dir}, four waiting at most, each kept for an hour. */
    public static MediaConfig in(Path dir) {
        return new MediaConfig(dir, DEFAULT_MAX_QUEUED_VIDEOS, DEFAULT_KEEP_VIDEOS, "ffmpeg", null, null);
    }

    /** For a server started without a data directory: a fresh folder under the system's temporary directory. */
    static MediaConfig temporary() {
        try {
            return in(Files.createTempDirectory("wenjin-media"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for media", e);
        }
    }

    public MediaConfig withMaxQueuedVideos(int value) {
        return new MediaConfig(dir, value, keepVideos, ffmpeg, remoteSpeech, images);
    }

    public MediaConfig withKeepVideos(Duration value) {
        return new MediaConfig(dir, maxQueuedVideos, value, ffmpeg, remoteSpeech, images);
    }

    public MediaConfig withFfmpeg(String value) {
        return new MediaConfig(dir, maxQueuedVideos, keepVideos, value, remoteSpeech, images);
    }

    public MediaConfig withRemoteSpeech(RemoteSpeech value) {
        return new MediaConfig(dir, maxQueuedVideos, keepVideos, ffmpeg, value, images);
    }

    public MediaConfig withImages(ImageGenerator value) {
        return new MediaConfig(dir, maxQueuedVideos, keepVideos, ffmpeg, remoteSpeech, value);
    }

    /** What reads text aloud: the speech server when one is configured, else espeak-ng. */
    public SpeechSynthesizer speech() {
        return remoteSpeech != null ? remoteSpeech : new EspeakNg();
    }
}
