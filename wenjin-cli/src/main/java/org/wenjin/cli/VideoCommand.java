package org.wenjin.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.cli.config.SettingsResolver;
import org.wenjin.cli.config.SpeechSettings;
import org.wenjin.media.MediaException;
import org.wenjin.media.poster.PosterComposer;
import org.wenjin.media.poster.PosterSpec;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.media.video.NarratedVideo;
import org.wenjin.media.video.VideoMaker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wenjin video --text "..." -o out.mp4} (or {@code --text-file FILE}): a narrated video with slides and burned-in subtitles. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = "Make an MP4 (H.264 + AAC) from a text: a title slide and key-point slides, the text read aloud, subtitles timed to the narration.")
final class VideoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--text", paramLabel = "TEXT", description = "The narration.")
    String text;

    @Option(names = "--text-file", paramLabel = "FILE", description = "Read the narration from a UTF-8 file instead.")
    Path textFile;

    @Option(names = "--title", paramLabel = "TEXT", description = "The title slide's title (default: the first sentence).")
    String title;

    @Option(names = "--subtitle", paramLabel = "TEXT")
    String subtitle;

    @Option(names = "--points", paramLabel = "a;b;c", description = "Key points, one slide each, separated by ';' or '；'.")
    String points;

    @Option(names = "--date", paramLabel = "TEXT")
    String date;

    @Option(names = "--size", defaultValue = "1280x720", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.mp4")
    Path output;

    @Mixin
    SpeechOptions speechOptions;

    @Override
    public Integer call() throws Exception {
        if ((text == null) == (textFile == null)) {
            throw new MediaException("give the narration with either --text or --text-file");
        }
        String narration = text != null ? text : Files.readString(textFile);
        String[] dimensions = size.toLowerCase(Locale.ROOT).split("x");
        if (dimensions.length != 2 || !dimensions[0].matches("\\d{3,4}") || !dimensions[1].matches("\\d{3,4}")) {
            throw new MediaException("--size " + size + ": write it as WIDTHxHEIGHT, e.g. 1280x720");
        }
        List<String> pointList = points == null ? List.of()
                : Arrays.stream(points.split("[;；]")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        PosterSpec poster = new PosterSpec(title != null ? title : defaultTitle(narration), subtitle, pointList, date,
                null, null, null, Integer.parseInt(dimensions[0]), Integer.parseInt(dimensions[1]));
        SpeechSettings server = SettingsResolver.fromSystem().resolve(SettingsResolver.Flags.none()
                .withSpeech(speechOptions.flags())).speech();
        NarratedVideo video = new VideoMaker(server.synthesizer(new SpeechSegmenter(), 175), new PosterComposer(), "ffmpeg")
                .make(narration, poster, output);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %.2f s, %d slides, %d subtitles (%s)%n", output,
                video.duration().toMillis() / 1000.0, video.slides(), video.cues().size(), video.srt());
        return 0;
    }

    private static String defaultTitle(String narration) {
        List<String> sentences = SpeechSegmenter.sentences(narration);
        if (sentences.isEmpty()) {
            throw new MediaException("--text: nothing to narrate");
        }
        String first = sentences.getFirst().replaceAll("[。！？；.!?;…]+$", "");
        return first.codePointCount(0, first.length()) <= 30 ? first
                : first.substring(0, first.offsetByCodePoints(0, 30)) + "…";
    }
}
