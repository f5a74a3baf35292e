package org.wenjin.media.speech;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.wenjin.media.MediaException;

/**
 * Text to speech with espeak-ng, run once per segment: each sentence, and within it each run of Chinese or
 * English, is read by the voice for its language, and the pieces are handed on as soon as they are made, so a
 * caller can play or send the first sentence while the rest is still being synthesized.
 */
public final class EspeakNg implements SpeechSynthesizer {
    private static final String INSTALL_HINT = "install espeak-ng: apt-get install espeak-ng";
    /** A breath between sentences; espeak-ng already ends each call with a short silence of its own. */
    private static final Duration SENTENCE_PAUSE = Duration.ofMillis(150);
    private static final long TIMEOUT_SECONDS = 60;

    private final String executable;
    private final SpeechSegmenter segmenter;
    private final int wordsPerMinute;

    /** espeak-ng from the PATH, the voice picked per segment, at espeak-ng's default 175 words per minute. */
    public EspeakNg() {
        this("espeak-ng", new SpeechSegmenter(), 175);
    }

    public EspeakNg(String executable, SpeechSegmenter segmenter, int wordsPerMinute) {
        if (wordsPerMinute < 80 || wordsPerMinute > 450) {
            // espeak-ng's own limits for -s.
            throw new IllegalArgumentException("speed " + wordsPerMinute + " words per minute is outside 80..450");
        }
        this.executable = executable;
        this.segmenter = segmenter;
        this.wordsPerMinute = wordsPerMinute;
    }

    /** Synthesizes segment by segment, handing each piece (speech, then any pause after it) to {@code sink} in order. */
    @Override
    public void stream(String text, Consumer<WaveAudio> sink) {
        List<SpeechSegment> segments = segmenter.segments(SpeechSynthesizer.checked(text));
        if (segments.isEmpty()) {
            throw new MediaException("nothing to say: the text has no letters or digits");
        }
        for (SpeechSegment segment : segments) {
            WaveAudio speech = speak(segment);
            sink.accept(speech);
            if (segment.sentenceEnd()) {
                sink.accept(speech.silence(SENTENCE_PAUSE));
            }
        }
    }

    /** One espeak-ng call; the text goes in on stdin (so a leading '-' is not taken for an option), the WAV comes out on stdout. */
    public WaveAudio speak(SpeechSegment segment) {
        List<String> command = List.of(executable, "-v", segment.voice().espeakName(), "-s",
                Integer.toString(wordsPerMinute), "-b", "1", "--stdout", "--stdin");
        Path errors;
        Process process;
        try {
            // stderr to a file and stdin from its own thread: reading two pipes from pool threads can deadlock
            // when the pool has a single worker (as on a two-core machine) and espeak-ng fills the other pipe.
            errors = Files.createTempFile("espeak-ng", ".err");
        } catch (IOException e) {
            throw new MediaException("cannot create a temporary file for espeak-ng's messages: " + e.getMessage(), e);
        }
        try {
            process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        } catch (IOException e) {
            deleteQuietly(errors);
            throw new MediaException("cannot run " + executable + " (" + e.getMessage() + "): " + INSTALL_HINT, e);
        }
        try {
            byte[] input = segment.text().getBytes(StandardCharsets.UTF_8);
            Thread writer = Thread.ofVirtual().start(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(input);
                } catch (IOException ignored) {
                    // espeak-ng exited early; its exit status and messages below say why.
                }
            });
            byte[] wav;
            try (InputStream out = process.getInputStream()) {
                wav = out.readAllBytes();
            }
            writer.join();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new MediaException("espeak-ng took more than " + TIMEOUT_SECONDS + " s on: " + abbreviate(segment.text()));
            }
            if (process.exitValue() != 0) {
                String message = Files.readString(errors).strip();
                throw new MediaException("espeak-ng -v " + segment.voice().espeakName() + " failed (exit "
                        + process.exitValue() + "): " + message);
            }
            return WaveAudio.parse(wav, "espeak-ng output for \"" + abbreviate(segment.text()) + "\"");
        } catch (IOException e) {
            throw new MediaException("cannot read espeak-ng's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while speaking", e);
        } finally {
            deleteQuietly(errors);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover empty temporary file is harmless.
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
