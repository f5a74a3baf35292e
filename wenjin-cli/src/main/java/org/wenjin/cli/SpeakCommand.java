package org.wenjin.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.media.speech.AudioFile;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.media.speech.Voice;
import org.wenjin.media.speech.WaveAudio;
import org.wenjin.cli.config.SettingsResolver;
import org.wenjin.cli.config.SpeechSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wenjin speak "text" -o out.wav [--voice zh|en]}: text to speech with espeak-ng (MP3 and Opus through ffmpeg). */
@Command(name = "speak", mixinStandardHelpOptions = true,
        description = "Read a text aloud into a WAV, MP3 or Opus file with espeak-ng (Mandarin and English, picked per sentence part).")
final class SpeakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TEXT", description = "The text to read.")
    String text;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The audio file to write: *.wav, or *.mp3 or *.opus through ffmpeg.")
    Path output;

    @Option(names = "--voice", paramLabel = "zh|en",
            description = "Read everything with one voice; by default Chinese runs get the Mandarin voice and Latin runs the English one.")
    String voice;

    @Option(names = "--speed", defaultValue = "175", paramLabel = "WPM", description = "Words per minute, 80 to 450 (default: ${DEFAULT-VALUE}).")
    int speed;

    @Mixin
    SpeechOptions speechOptions;

    @Override
    public Integer call() throws Exception {
        AudioFile.checkName(output);
        SpeechSegmenter segmenter = voice == null ? new SpeechSegmenter() : new SpeechSegmenter(Voice.parse(voice));
        SpeechSettings server = SettingsResolver.fromSystem().resolve(SettingsResolver.Flags.none()
                .withSpeech(speechOptions.flags())).speech();
        WaveAudio audio = server.synthesizer(segmenter, speed).synthesize(text);
        AudioFile.write(audio, output);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %.2f s, %d Hz, %d-bit mono%n", output,
                audio.duration().toMillis() / 1000.0, audio.sampleRate(), audio.bitsPerSample());
        return 0;
    }
}
