package org.wenjin.media.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.Ffmpeg;

class AudioFileTest {
    @TempDir
    Path temp;

    @Test
    void encodesMp3AndOpusOfTheSameLength() throws IOException {
        assumeTrue(installed("ffmpeg") && installed("ffprobe"), "ffmpeg is not installed");
        // One second of a 440 Hz tone, 16-bit mono at 22 050 Hz.
        byte[] samples = new byte[22050 * 2];
        for (int i = 0; i < 22050; i++) {
            short value = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 22050.0));
            samples[2 * i] = (byte) value;
            samples[2 * i + 1] = (byte) (value >> 8);
        }
        WaveAudio tone = new WaveAudio(22050, 1, 16, samples);
        for (String name : List.of("tone.mp3", "tone.opus")) {
            Path file = temp.resolve(name);
            AudioFile.write(tone, file);
            String probe = Ffmpeg.run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
                    "-of", "csv=p=0", file.toString()));
            assertThat(probe).contains(name.endsWith(".mp3") ? "mp3" : "opus");
            double seconds = Double.parseDouble(probe.lines().filter(line -> line.matches("[0-9.]+")).findFirst().orElseThrow());
            assertThat(seconds).isBetween(0.95, 1.1);
        }
    }

    @Test
    void refusesAnUnknownExtension() {
        WaveAudio silence = new WaveAudio(22050, 1, 16, new byte[100]);
        assertThatThrownBy(() -> AudioFile.write(silence, temp.resolve("x.flac"))).hasMessageContaining("*.mp3");
    }

    private static boolean installed(String program) {
        try {
            return new ProcessBuilder(program, "-version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
