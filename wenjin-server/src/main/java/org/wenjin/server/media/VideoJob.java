package org.wenjin.server.media;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.wenjin.media.video.VideoProgress;

/**
 * One video being made in the background: where it has got to, and when it is done, its file. Written by the
 * worker making it, read by any request asking after it.
 */
public final class VideoJob {
    /** Rough shares of the whole time per stage, for one overall fraction: ffmpeg's encoding takes the longest. */
    private static final double NARRATION_SHARE = 0.3;
    private static final double SLIDES_SHARE = 0.15;

    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    /** What a request sees of a job at one moment. */
    public record State(String id, Status status, String stage, double stageFraction, double progress, String error,
                        Duration duration, Instant finished) {
    }

    private final String id;
    private final Path mp4;
    private final Path srt;
    private Status status = Status.QUEUED;
    private String stage = "queued";
    private double stageFraction;
    private double progress;
    private String error;
    private Duration duration;
    private Instant finished;

    VideoJob(String id, Path mp4, Path srt) {
        this.id = id;
        this.mp4 = mp4;
        this.srt = srt;
    }

    public String id() {
        return id;
    }

    public Path mp4() {
        return mp4;
    }

    Path srt() {
        return srt;
    }

    public synchronized State state() {
        return new State(id, status, stage, stageFraction, progress, error, duration, finished);
    }

    synchronized void advance(VideoProgress step) {
        status = Status.RUNNING;
        stage = step.stage().name().toLowerCase(java.util.Locale.ROOT);
        stageFraction = step.fraction();
        double before = switch (step.stage()) {
            case NARRATION -> 0;
            case SLIDES -> NARRATION_SHARE;
            case ENCODING -> NARRATION_SHARE + SLIDES_SHARE;
            case DONE -> 1;
        };
        double share = switch (step.stage()) {
            case NARRATION -> NARRATION_SHARE;
            case SLIDES -> SLIDES_SHARE;
            case ENCODING -> 1 - NARRATION_SHARE - SLIDES_SHARE;
            case DONE -> 0;
        };
        // Never back: the DONE report below sets 1, and a late ffmpeg line cannot lower it.
        progress = Math.max(progress, Math.min(0.99, before + share * step.fraction()));
    }

    synchronized void succeed(Duration length, Instant at) {
        status = Status.DONE;
        stage = "done";
        stageFraction = 1;
        progress = 1;
        duration = length;
        finished = at;
    }

    synchronized void fail(String message, Instant at) {
        status = Status.FAILED;
        error = message;
        finished = at;
        stage = "failed";
    }

    synchronized boolean finishedBefore(Instant moment) {
        return finished != null && finished.isBefore(moment);
    }
}
