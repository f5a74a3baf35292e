package org.wenjin.media.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wenjin.media.MediaException;

class WaveAudioTest {
    @Test
    void roundTripsThroughTheWavForm() {
        WaveAudio audio = new WaveAudio(16000, 1, 16, new byte[] {1, 2, 3, 4, 5, 6});
        WaveAudio back = WaveAudio.parse(audio.toWav(), "test");
        assertThat(back.sampleRate()).isEqualTo(16000);
        assertThat(back.samples()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(back.frames()).isEqualTo(3);
    }

    @Test
    void readsAStreamedFileWhoseSizesAreUnknown() {
        byte[] wav = new WaveAudio(22050, 1, 16, new byte[] {9, 9, 7, 7}).toWav();
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(4, 0x7ffff024).putInt(40, 0x7ffff000);
        assertThat(WaveAudio.parse(wav, "stream").samples()).containsExactly(9, 9, 7, 7);
    }

    @Test
    void concatenatesAndMeasuresDuration() {
        WaveAudio second = new WaveAudio(8000, 1, 16, new byte[16000]);
        WaveAudio joined = WaveAudio.concatenate(List.of(second, second.silence(Duration.ofMillis(500))));
        assertThat(joined.duration()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesWhatIsNotWave() {
        assertThatThrownBy(() -> WaveAudio.parse("not audio at all".getBytes(), "x.wav"))
                .isInstanceOf(MediaException.class).hasMessageContaining("x.wav").hasMessageContaining("RIFF/WAVE");
    }
}
