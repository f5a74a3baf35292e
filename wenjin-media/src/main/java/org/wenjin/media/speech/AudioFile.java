package org.wenjin.media.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.wenjin.media.Ffmpeg;
import org.wenjin.media.MediaException;

/** Writes speech in the format a file's extension names: WAV directly, MP3 and Opus through ffmpeg. */
public final class AudioFile {
    private AudioFile() {
    }

    /**
     * Refuses a file name that is none of the formats {@link #write} makes, so that a command can say so before it
     * spends time synthesizing (or finds the synthesizer missing).
     *
     * @throws MediaException naming the file and the formats
     */
    public static void checkName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".wav") && !name.endsWith(".mp3") && !name.endsWith(".opus")) {
            throw new MediaException(file + ": name the audio file *.wav, *.mp3 or *.opus");
        }
    }

    /** {@code .wav}, {@code .mp3} (LAME, VBR quality 4, about 165 kbit/s) or {@code .opus} (libopus, 48 kbit/s, enough for speech). */
    public static void write(WaveAudio audio, Path file) throws IOException {
        checkName(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> codec;
        if (name.endsWith(".wav")) {
            audio.write(file);
            return;
        } else if (name.endsWith(".mp3")) {
            codec = List.of("-c:a", "libmp3lame", "-q:a", "4");
        } else {
            codec = List.of("-c:a", "libopus", "-b:a", "48k");
        }
        Path wav = Files.createTempFile("wenjin-speech", ".wav");
        try {
            audio.write(wav);
            List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error",
                    "-i", wav.toString()));
            command.addAll(codec);
            command.add(file.toAbsolutePath().toString());
            Ffmpeg.run(command);
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
