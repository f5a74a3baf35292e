package org.wenjin.server.openai;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.wenjin.media.MediaException;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.media.speech.AudioFile;
import org.wenjin.media.speech.EspeakNg;
import org.wenjin.media.speech.RemoteSpeech;
import org.wenjin.media.speech.SpeechSynthesizer;
import org.wenjin.media.speech.Voice;
import org.wenjin.media.speech.WaveAudio;
import org.wenjin.server.http.ApiError;
import org.wenjin.server.http.Fields;
import org.wenjin.server.http.JsonBody;

/**
 * {@code POST /v1/audio/speech}, OpenAI's text-to-speech request answered by espeak-ng: {@code input} is read
 * aloud and returned as WAV, or with {@code response_format} mp3 or opus, encoded by ffmpeg. {@code voice} "zh" or "en" reads everything with that voice; any other voice name
 * (OpenAI's "alloy" and the like) picks Mandarin or English per run of text. {@code model} is accepted and ignored.
 * When a speech server is configured, it reads the input instead, with its configured model and voice.
 */
public final class SpeechApi {
    /** OpenAI's own limit on {@code input}. */
    static final int MAX_INPUT = 4096;
    /** espeak-ng's default speed, the one {@code speed: 1.0} stands for. */
    private static final int WORDS_PER_MINUTE = 175;

    private final JsonBody body;
    private final String espeak;
    private final RemoteSpeech remote;

    /** @param remote the speech server to ask instead of espeak-ng, or null */
    public SpeechApi(JsonBody body, String espeak, RemoteSpeech remote) {
        this.body = body;
        this.espeak = espeak;
        this.remote = remote;
    }

    public void speech(Context ctx) {
        Fields fields = Fields.of(body.read(ctx));
        String input = fields.requiredString("input");
        if (input.isBlank()) {
            throw ApiError.badField("input", "input is empty; give the text to read aloud");
        }
        if (input.length() > MAX_INPUT) {
            throw ApiError.badField("input", "input is " + input.length() + " characters, at most " + MAX_INPUT);
        }
        String format = fields.has("response_format") ? fields.optionalString("response_format") : "wav";
        if (!format.equals("wav") && !format.equals("mp3") && !format.equals("opus")) {
            throw ApiError.badField("response_format", "response_format '" + format
                    + "' is not supported by this server: use wav, mp3 or opus (mp3 and opus need ffmpeg)");
        }
        double speed = fields.has("speed") ? fields.optionalNumber("speed") : 1.0;
        long wordsPerMinute = Math.round(WORDS_PER_MINUTE * speed);
        if (speed < 0.25 || speed > 4.0 || wordsPerMinute < 80 || wordsPerMinute > 450) {
            throw ApiError.badField("speed", "speed " + speed + " is outside what espeak-ng can do here: 0.46 to 2.57");
        }
        String voice = fields.has("voice") ? fields.optionalString("voice").toLowerCase(Locale.ROOT) : "";
        SpeechSegmenter segmenter = switch (voice) {
            case "zh", "cmn", "en" -> new SpeechSegmenter(Voice.parse(voice));
            default -> new SpeechSegmenter();
        };
        WaveAudio audio;
        try {
            SpeechSynthesizer synthesizer = remote != null ? remote : new EspeakNg(espeak, segmenter, (int) wordsPerMinute);
            audio = synthesizer.synthesize(input);
        } catch (MediaException e) {
            // A failing speech server is a bad gateway; espeak-ng missing here is this server unable to speak.
            throw remote != null
                    ? new ApiError(502, "server_error", "speech_server_error", null, "speech synthesis failed: " + e.getMessage())
                    : new ApiError(503, "server_error", "speech_unavailable", null, "speech synthesis failed: " + e.getMessage());
        }
        if (format.equals("wav")) {
            ctx.contentType("audio/wav").result(audio.toWav());
            return;
        }
        ctx.contentType(format.equals("mp3") ? "audio/mpeg" : "audio/ogg").result(encoded(audio, format));
    }

    /** The audio as MP3 or as Opus in Ogg, as OpenAI answers them, encoded by ffmpeg. */
    private static byte[] encoded(WaveAudio audio, String format) {
        Path file = null;
        try {
            file = Files.createTempFile("wenjin-speech", "." + format);
            AudioFile.write(audio, file);
            return Files.readAllBytes(file);
        } catch (MediaException e) {
            throw new ApiError(503, "server_error", "speech_unavailable", "response_format",
                    "cannot encode " + format + ": " + e.getMessage() + "; or ask for response_format wav");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }
}
