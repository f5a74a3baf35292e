package org.wenjin.cli.config;

import java.time.Duration;
import org.wenjin.media.speech.EspeakNg;
import org.wenjin.media.speech.RemoteSpeech;
import org.wenjin.media.speech.SpeechSegmenter;
import org.wenjin.media.speech.SpeechSynthesizer;

/**
 * The speech server that reads text aloud instead of espeak-ng: settings {@code speech-base-url},
 * {@code speech-api-key}, {@code speech-model} and {@code speech-voice} (flags {@code --speech-base-url} and so
 * on, environment {@code WENJIN_SPEECH_BASE_URL} and so on, or keys of {@code wenjin.yaml}). Without a base URL,
 * espeak-ng on this machine speaks.
 *
 * @param baseUrl the root of an OpenAI-compatible server answering {@code POST /v1/audio/speech}, or null
 * @param apiKey  its key, or null
 * @param model   the speech model to ask for, such as tts-1; null for the server's default
 * @param voice   the voice to ask for, such as alloy; null for the server's default
 */
public record SpeechSettings(String baseUrl, String apiKey, String model, String voice) {
    /** How long one sentence may take: a CPU-bound server can be slow on a long one. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    public static SpeechSettings none() {
        return new SpeechSettings(null, null, null, null);
    }

    public boolean remote() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    /** The speech server, or null when none is configured. */
    public RemoteSpeech remoteSpeech() {
        return remote() ? new RemoteSpeech(baseUrl, apiKey, model, voice, TIMEOUT) : null;
    }

    /** The speech server when one is configured, else espeak-ng reading with {@code segmenter} at {@code wordsPerMinute}. */
    public SpeechSynthesizer synthesizer(SpeechSegmenter segmenter, int wordsPerMinute) {
        return remote() ? remoteSpeech() : new EspeakNg("espeak-ng", segmenter, wordsPerMinute);
    }
}
