package org.wenjin.server.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.video.NarratedVideo;
import org.wenjin.media.video.VideoMaker;

/**
 * Video jobs: made one at a time on a worker of their own (a video keeps both cores busy for a while), with a
 * bounded queue behind it, kept in memory with their files in one folder, and forgotten, files and all, a
 * while after they finish.
 */
public final class VideoJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoJobs.class);
    private static final String PREFIX = "video-";
    private static final SecureRandom IDS = new SecureRandom();

    private final Path dir;
    private final VideoMaker maker;
    private final int maxQueued;
    private final Duration keep;
    private final InstantSource clock;
    private final Map<String, VideoJob> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService sweeper;

    /**
     * Removes what an earlier run left in {@code dir}: its jobs were in that run's memory and are gone.
     *
     * @param maxQueued jobs allowed to wait while one is made; {@link #submit} refuses more
     * @param keep      how long a finished job and its files stay after it finishes
     */
    public VideoJobs(Path dir, VideoMaker maker, int maxQueued, Duration keep, InstantSource clock) {
        this.dir = dir;
        this.maker = maker;
        this.maxQueued = maxQueued;
        this.keep = keep;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, PREFIX + "*")) {
                for (Path file : leftovers) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the media directory " + dir + ": " + e.getMessage(), e);
        }
        BlockingQueue<Runnable> queue = maxQueued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxQueued);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, queue,
                Thread.ofPlatform().daemon().name("wenjin-video").factory());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("wenjin-video-sweep").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Queues a video.
     *
     * @throws RejectedExecutionException when {@code maxQueued} jobs are already waiting, or after {@link #close}
     */
    public VideoJob submit(String narration, PosterSpec poster) {
        sweep();
        String id = newId();
        VideoJob job = new VideoJob(id, dir.resolve(PREFIX + id + ".mp4"), dir.resolve(PREFIX + id + ".srt"));
        jobs.put(id, job);
        try {
            worker.execute(() -> make(job, narration, poster));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw e;
        }
        return job;
    }

    public Optional<VideoJob> find(String id) {
        sweep();
        return Optional.ofNullable(jobs.get(id));
    }

    /** How many jobs may wait while one is made. */
    public int maxQueued() {
        return maxQueued;
    }

    public int waiting() {
        return worker.getQueue().size();
    }

    private void make(VideoJob job, String narration, PosterSpec poster) {
        try {
            NarratedVideo video = maker.make(narration, poster, job.mp4(), job::advance);
            job.succeed(video.duration(), clock.instant());
        } catch (MediaException e) {
            job.fail(e.getMessage(), clock.instant());
            deleteFiles(job);
        } catch (IOException | RuntimeException e) {
            LOG.error("video {} failed", job.id(), e);
            job.fail("the video could not be made: " + e, clock.instant());
            deleteFiles(job);
        }
    }

    /** Forgets the jobs that finished more than {@code keep} ago, deleting their files. */
    void sweep() {
        var cutoff = clock.instant().minus(keep);
        jobs.values().removeIf(job -> {
            if (job.finishedBefore(cutoff)) {
                deleteFiles(job);
                return true;
            }
            return false;
        });
    }

    private static void deleteFiles(VideoJob job) {
        try {
            Files.deleteIfExists(job.mp4());
            Files.deleteIfExists(job.srt());
        } catch (IOException e) {
            LOG.warn("cannot delete the files of video {}: {}", job.id(), e.getMessage());
        }
    }

    private static String newId() {
        byte[] bytes = new byte[9];
        IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Stops the worker, abandoning queued jobs, waits a little for a video being made, and deletes the files
     * of every job: they were reachable only through this object's memory.
     */
    @Override
    public void close() {
        sweeper.shutdownNow();
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobs.values().forEach(VideoJobs::deleteFiles);
        jobs.clear();
    }
}
