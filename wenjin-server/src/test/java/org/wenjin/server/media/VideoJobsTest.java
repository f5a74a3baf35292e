package org.wenjin.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.speech.EspeakNg;
import org.wenjin.media.video.VideoMaker;

/** Video jobs are forgotten, files and all, a while after they finish, and a new start clears what an old run left. */
class VideoJobsTest {
    @TempDir
    Path dir;

    @Test
    void removesAFinishedJobAndItsFilesOnceItsTimeIsUp() throws Exception {
        assumeTrue(runs("espeak-ng", "--version") && runs("ffmpeg", "-version") || "true".equals(System.getenv("CI")),
                "espeak-ng or ffmpeg is not installed");
        Path leftover = Files.writeString(dir.resolve("video-from-an-earlier-run.mp4"), "old");
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-05-12T09:00:00Z"));
        InstantSource clock = now::get;
        try (VideoJobs jobs = new VideoJobs(dir, new VideoMaker(new EspeakNg(), new PosterComposer(), "ffmpeg"),
                1, Duration.ofMinutes(30), clock)) {
            assertThat(leftover).doesNotExist();
            VideoJob job = jobs.submit("智能交通大会。", new PosterSpec("大会", null, List.of(), null, null, null, null, 640, 360));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (job.state().status() == VideoJob.Status.QUEUED || job.state().status() == VideoJob.Status.RUNNING) {
                assertThat(System.nanoTime()).as("made within 90 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(job.state().status()).as(String.valueOf(job.state().error())).isEqualTo(VideoJob.Status.DONE);
            assertThat(job.state().finished()).isEqualTo(now.get());
            assertThat(job.mp4()).exists();
            assertThat(job.mp4().resolveSibling("video-" + job.id() + ".srt")).exists();

            now.set(now.get().plus(Duration.ofMinutes(29)));
            assertThat(jobs.find(job.id())).as("kept for 30 minutes").isPresent();
            now.set(now.get().plus(Duration.ofMinutes(2)));
            assertThat(jobs.find(job.id())).isEmpty();
            assertThat(job.mp4()).doesNotExist();
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void closingDeletesTheFilesOfTheJobsItKept() throws Exception {
        assumeTrue(runs("espeak-ng", "--version") && runs("ffmpeg", "-version") || "true".equals(System.getenv("CI")),
                "espeak-ng or ffmpeg is not installed");
        VideoJobs jobs = new VideoJobs(dir, new VideoMaker(new EspeakNg(), new PosterComposer(), "ffmpeg"), 1,
                Duration.ofHours(1), InstantSource.system());
        VideoJob job = jobs.submit("智能交通大会。", new PosterSpec("大会", null, List.of(), null, null, null, null, 640, 360));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (job.state().status() != VideoJob.Status.DONE) {
            assertThat(job.state().status()).isNotEqualTo(VideoJob.Status.FAILED);
            assertThat(System.nanoTime()).as("made within 90 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(job.mp4()).exists();
        jobs.close();
        assertThat(job.mp4()).doesNotExist();
        assertThat(jobs.find(job.id())).isEmpty();
    }

    private static boolean runs(String program, String option) {
        try {
            return new ProcessBuilder(program, option).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
