package org.wenjin.media.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.media.MediaException;

class EspeakNgTest {
    @BeforeAll
    static void espeakInstalled() {
        boolean installed;
        try {
            installed = new ProcessBuilder("espeak-ng", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            installed = false;
        }
        assumeTrue(installed, "espeak-ng is not installed (apt-get install espeak-ng)");
    }

    @Test
    void writesAWavFileWhoseHeaderDescribesItsSamples(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hello.wav");
        new EspeakNg().synthesize("你好，世界。").write(file);

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(wav.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(new String(bytes, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(wav.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(wav.getShort(22)).as("mono").isEqualTo((short) 1);
        assertThat(wav.getInt(24)).as("espeak-ng's sample rate").isEqualTo(22050);
        assertThat(wav.getShort(34)).isEqualTo((short) 16);
        assertThat(new String(bytes, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(wav.getInt(40)).isEqualTo(bytes.length - 44);

        WaveAudio audio = WaveAudio.read(file);
        assertThat(audio.duration().toMillis()).isBetween(500L, 4000L);
        assertThat(peak(audio)).as("not silence").isGreaterThan(1000);
    }

    @Test
    void durationGrowsWithTheText() {
        EspeakNg synthesizer = new EspeakNg();
        long one = synthesizer.synthesize("智能交通。").duration().toMillis();
        long three = synthesizer.synthesize("智能交通。智能交通让城市更通畅。大会将在北京举行。").duration().toMillis();
        long english = synthesizer.synthesize("Intelligent transport.").duration().toMillis();
        long englishLonger = synthesizer.synthesize(
                "Intelligent transport. It makes cities move. The conference opens in Beijing.").duration().toMillis();
        assertThat(three).isGreaterThan(one * 2);
        assertThat(englishLonger).isGreaterThan(english * 2);
    }

    @Test
    void streamsMixedTextSegmentBySegmentInOneFormat() {
        List<WaveAudio> pieces = new ArrayList<>();
        new EspeakNg().stream("我们用 Java 编写。It works.", pieces::add);
        // 我们用 | Java | 编写。 | pause | It works. | pause
        assertThat(pieces).hasSize(6);
        assertThat(pieces).allMatch(piece -> piece.sameFormat(pieces.getFirst()));
        assertThat(peak(pieces.get(1))).as("the English run is spoken").isGreaterThan(1000);
        assertThat(peak(pieces.get(3))).as("the pause between sentences").isZero();
    }

    @Test
    void aMissingProgramSaysWhatToInstall() {
        EspeakNg missing = new EspeakNg("/nonexistent/espeak-ng", new SpeechSegmenter(), 175);
        assertThatThrownBy(() -> missing.synthesize("你好。"))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("apt-get install espeak-ng");
    }

    @Test
    void rejectsEmptyAndTooLongText() {
        EspeakNg synthesizer = new EspeakNg();
        assertThatThrownBy(() -> synthesizer.synthesize("  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> synthesizer.synthesize("字".repeat(SpeechSynthesizer.MAX_CHARACTERS + 1)))
                .hasMessageContaining("too long").hasMessageContaining("10001 characters");
    }

    private static int peak(WaveAudio audio) {
        ByteBuffer samples = ByteBuffer.wrap(audio.samples()).order(ByteOrder.LITTLE_ENDIAN);
        int peak = 0;
        while (samples.remaining() >= 2) {
            peak = Math.max(peak, Math.abs(samples.getShort()));
        }
        return peak;
    }
}
