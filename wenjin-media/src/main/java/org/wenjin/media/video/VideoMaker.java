package org.wenjin.media.video;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.wenjin.media.Ffmpeg;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterPainter;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.poster.PosterTemplate;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.media.speech.EspeakNg;
import org.wenjin.media.speech.SpeechSynthesizer;
import org.wenjin.media.speech.WaveAudio;

/**
 * A short narrated video: the poster, then one slide per key point, the narration read sentence by sentence,
 * each sentence's subtitle burned into the frames shown while it is spoken, assembled by ffmpeg into MP4
 * (H.264 video, AAC audio). The subtitles are drawn with Java2D rather than ffmpeg's libass so that they use the
 * same Chinese font and line-breaking rules as the poster, and the cue times are the measured lengths of the
 * synthesized sentences.
 */
public final class VideoMaker {
    /** As for speech: about ten minutes of narration, which is already a long video to make on a CPU. */
    public static final int MAX_CHARACTERS = SpeechSynthesizer.MAX_CHARACTERS;

    private final SpeechSynthesizer synthesizer;
    private final PosterComposer composer;
    private final String ffmpeg;

    public VideoMaker() {
        this(new EspeakNg(), new PosterComposer(), "ffmpeg");
    }

    public VideoMaker(SpeechSynthesizer synthesizer, PosterComposer composer, String ffmpeg) {
        this.synthesizer = synthesizer;
        this.composer = composer;
        this.ffmpeg = ffmpeg;
    }

    /**
     * @param poster the title slide; its size is the video's (1280×720 is a good choice), its points become the
     *               following slides
     */
    public NarratedVideo make(String narration, PosterSpec poster, Path mp4) throws IOException {
        return make(narration, poster, mp4, progress -> { });
    }

    /**
     * As {@link #make(String, PosterSpec, Path)}, reporting each step to {@code progress}: every sentence read,
     * every frame drawn, and ffmpeg's encoded time as it goes.
     */
    public NarratedVideo make(String narration, PosterSpec poster, Path mp4, Consumer<VideoProgress> progress)
            throws IOException {
        if (poster.width() % 2 != 0 || poster.height() % 2 != 0) {
            throw new MediaException("video size " + poster.width() + "×" + poster.height()
                    + " must be even in both directions for H.264 with 4:2:0 chroma");
        }
        if (narration != null && narration.length() > MAX_CHARACTERS) {
            throw new MediaException("narration too long for a video: " + narration.length() + " characters, at most "
                    + MAX_CHARACTERS + "; shorten it or split it into several videos");
        }
        List<String> sentences = SpeechSegmenter.sentences(narration == null ? "" : narration);
        if (sentences.isEmpty()) {
            throw new MediaException("nothing to narrate: the text is empty");
        }
        List<BufferedImage> slides = slides(poster);
        Path work = Files.createTempDirectory("wenjin-video");
        try {
            progress.accept(new VideoProgress(VideoProgress.Stage.NARRATION, 0));
            List<WaveAudio> audio = new ArrayList<>();
            List<SubtitleCue> cues = new ArrayList<>();
            Duration at = Duration.ZERO;
            for (int i = 0; i < sentences.size(); i++) {
                WaveAudio spoken = synthesizer.synthesize(sentences.get(i));
                audio.add(spoken);
                Duration end = at.plus(spoken.duration());
                cues.add(new SubtitleCue(at, end, sentences.get(i)));
                at = end;
                progress.accept(new VideoProgress(VideoProgress.Stage.NARRATION, (i + 1.0) / sentences.size()));
            }

            progress.accept(new VideoProgress(VideoProgress.Stage.SLIDES, 0));
            StringBuilder concat = new StringBuilder("ffconcat version 1.0\n");
            Path frame = null;
            for (int i = 0; i < sentences.size(); i++) {
                BufferedImage slide = slides.get((int) ((long) i * slides.size() / sentences.size()));
                frame = work.resolve(String.format(Locale.ROOT, "frame%04d.png", i));
                ImageIO.write(withSubtitle(slide, sentences.get(i)), "png", frame.toFile());
                concat.append("file '").append(frame.getFileName()).append("'\n")
                        .append(String.format(Locale.ROOT, "duration %.3f%n", audio.get(i).duration().toNanos() / 1e9));
                progress.accept(new VideoProgress(VideoProgress.Stage.SLIDES, (i + 1.0) / sentences.size()));
            }
            // The concat demuxer honours the last duration only when the last file is listed once more.
            concat.append("file '").append(frame.getFileName()).append("'\n");
            Path list = Files.writeString(work.resolve("frames.ffconcat"), concat);
            Path wav = work.resolve("narration.wav");
            WaveAudio.concatenate(audio).write(wav);

            progress.accept(new VideoProgress(VideoProgress.Stage.ENCODING, 0));
            long totalMicros = Math.max(1, at.toNanos() / 1000);
            Ffmpeg.run(List.of(ffmpeg, "-y", "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1",
                    "-f", "concat", "-safe", "0", "-i", list.toString(), "-i", wav.toString(),
                    "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-pix_fmt", "yuv420p", "-r", "25",
                    "-c:a", "aac", "-b:a", "128k",
                    "-t", String.format(Locale.ROOT, "%.3f", at.toNanos() / 1e9),
                    "-movflags", "+faststart", mp4.toAbsolutePath().toString()), line -> {
                        // ffmpeg's -progress report is key=value lines; out_time_us is the time encoded so far.
                        if (line.startsWith("out_time_us=") && line.length() > 12 && Character.isDigit(line.charAt(12))) {
                            double done = Long.parseLong(line.substring(12).strip()) / (double) totalMicros;
                            progress.accept(new VideoProgress(VideoProgress.Stage.ENCODING, Math.min(1, done)));
                        }
                    });
            Path srt = mp4.resolveSibling(stem(mp4) + ".srt");
            Files.writeString(srt, SubtitleCue.srt(cues));
            progress.accept(new VideoProgress(VideoProgress.Stage.DONE, 1));
            return new NarratedVideo(mp4, srt, at, List.copyOf(cues), slides.size());
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * The slides, without the poster's date line: the subtitle band covers the foot of every frame, so the date
     * moves up into the title slide's subtitle.
     */
    private List<BufferedImage> slides(PosterSpec poster) {
        List<BufferedImage> slides = new ArrayList<>();
        String subtitle = poster.date() == null ? poster.subtitle()
                : poster.subtitle() == null ? poster.date() : poster.subtitle() + "　" + poster.date();
        slides.add(PosterPainter.paint(composer.compose(new PosterSpec(poster.title(), subtitle, poster.points(), null,
                poster.colors(), poster.background(), poster.template(), poster.width(), poster.height()))));
        for (String point : poster.points()) {
            PosterSpec slide = new PosterSpec(poster.title(), point, List.of(), null, poster.colors(),
                    poster.background(), PosterTemplate.BANNER, poster.width(), poster.height());
            slides.add(PosterPainter.paint(composer.compose(slide)));
        }
        return slides;
    }

    /** The slide with the sentence in a dark band along the bottom, at most two lines. */
    private BufferedImage withSubtitle(BufferedImage slide, String sentence) {
        int width = slide.getWidth();
        int height = slide.getHeight();
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        try {
            g.drawImage(slide, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            double margin = width * 0.06;
            float size = (float) (Math.min(width, height * 16 / 9.0) * 0.035);
            List<String> lines;
            while (true) {
                lines = composer.lineBreaker(size, false).lines(sentence, width - 2 * margin);
                if (lines.size() <= 2 || size < 10) {
                    break;
                }
                size *= 0.85f;
            }
            double lineHeight = size * 1.35;
            double top = height - margin * 0.5 - lines.size() * lineHeight - size * 0.4;
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.88f));
            g.setColor(Color.BLACK);
            g.fillRect(0, (int) top, width, height - (int) top);
            g.setComposite(AlphaComposite.SrcOver);
            g.setColor(Color.WHITE);
            Font font = new Font(composer.fontFamily(), Font.PLAIN, 1).deriveFont(size);
            g.setFont(font);
            FontRenderContext rendering = g.getFontRenderContext();
            double baseline = top + size * 0.2 + size;
            for (String line : lines) {
                double lineWidth = font.getStringBounds(line, rendering).getWidth();
                g.drawString(line, (float) ((width - lineWidth) / 2), (float) baseline);
                baseline += lineHeight;
            }
        } finally {
            g.dispose();
        }
        return frame;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
