package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.speech.WaveAudio;

/** {@code wenjin speak} and {@code wenjin poster} writing real files. */
class MediaCommandsTest {
    @TempDir
    Path temp;

    @Test
    void speakWritesAWavFile() throws IOException {
        assumeTrue(installed("espeak-ng"), "espeak-ng is not installed");
        Path wav = temp.resolve("out.wav");
        CliRun run = CliRun.of("speak", "智能交通让城市更通畅。Welcome to Beijing.", "-o", wav.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote").contains("22050 Hz");
        assertThat(WaveAudio.read(wav).duration().toMillis()).isGreaterThan(1500);

        CliRun english = CliRun.of("speak", "Hello.", "--voice", "en", "-o", temp.resolve("en.wav").toString());
        assertThat(english.exitCode()).as(english.err()).isZero();
    }

    @Test
    void speakRefusesAnUnknownVoiceAndFormat() {
        CliRun voice = CliRun.of("speak", "你好", "--voice", "fr", "-o", temp.resolve("x.wav").toString());
        assertThat(voice.exitCode()).isEqualTo(1);
        assertThat(voice.err()).contains("unknown voice 'fr'");
        CliRun flac = CliRun.of("speak", "你好", "-o", temp.resolve("x.flac").toString());
        assertThat(flac.err()).contains("*.wav, *.mp3 or *.opus");
    }

    @Test
    void speakWithASpeechServerThatCannotBeReachedNamesItsUrl() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRun run = CliRun.of("speak", "你好。", "--speech-base-url", "http://127.0.0.1:" + closedPort,
                "-o", temp.resolve("x.wav").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the speech server at http://127.0.0.1:" + closedPort + "/v1/audio/speech");
        assertThat(temp.resolve("x.wav")).doesNotExist();
    }

    @Test
    void posterWritesAPngAndAnSvg() throws IOException {
        Path png = temp.resolve("poster.png");
        CliRun run = CliRun.of("poster", "--title", "2026 智能交通大会", "--subtitle", "车路协同 · 自动驾驶",
                "--points", "数字孪生；自动驾驶;信号控制", "--template", "banner", "-o", png.toString());
        assumeTrue(!run.err().contains("fonts-noto-cjk"), "no Chinese font installed");
        assertThat(run.exitCode()).as(run.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1080);
        assertThat(image.getHeight()).isEqualTo(1440);

        Path svg = temp.resolve("poster.svg");
        assertThat(CliRun.of("poster", "--title", "问津", "-o", svg.toString()).exitCode()).isZero();
        assertThat(Files.readString(svg)).contains("<svg").contains(">问津</text>");
    }

    @Test
    void posterWithAnImageBackgroundAndNoReachableImageServerKeepsTheGradientAndWarns() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path png = temp.resolve("image.png");
        CliRun run = CliRun.of("poster", "--title", "问津", "--background", "image",
                "--image-base-url", "http://127.0.0.1:" + closedPort, "-o", png.toString());
        assumeTrue(!run.err().contains("fonts-noto-cjk"), "no Chinese font installed");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: no background picture, so the gradient is used instead")
                .contains("cannot reach the image server at http://127.0.0.1:" + closedPort + "/v1/images/generations");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1080);
    }

    @Test
    void posterNamesTheBadOption() {
        CliRun run = CliRun.of("poster", "--title", "T", "--template", "diagonal", "-o", temp.resolve("p.png").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--template diagonal").contains("centered");
    }

    @Test
    void videoWritesAnMp4AndItsSubtitles() throws IOException {
        assumeTrue(installed("espeak-ng") && installed("ffmpeg"), "espeak-ng or ffmpeg is not installed");
        Path mp4 = temp.resolve("talk.mp4");
        CliRun run = CliRun.of("video", "--text", "智能交通大会五月开幕。欢迎参加！", "--points", "车路协同",
                "--size", "640x360", "-o", mp4.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 slides").contains("2 subtitles");
        assertThat(Files.size(mp4)).isGreaterThan(1000);
        assertThat(Files.readString(temp.resolve("talk.srt"))).contains("欢迎参加！");
    }

    private static boolean installed(String program) {
        try {
            return new ProcessBuilder(program, program.equals("ffmpeg") ? "-version" : "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
