package org.wenjin.media.speech;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.wenjin.media.MediaException;
import org.wenjin.media.OpenAiEndpoint;

/**
 * Text to speech on a server that answers OpenAI's {@code POST /v1/audio/speech} (OpenAI itself, or any
 * compatible server, a Wenjin server among them): one request per sentence, asking for WAV, so the first
 * sentence can be played while the next is still being made, and no request comes near OpenAI's limit of 4096
 * characters of input.
 */
public final class RemoteSpeech implements SpeechSynthesizer {
    /** OpenAI's limit on {@code input}; a longer sentence is sent in parts. */
    static final int MAX_INPUT = 4096;

    private final OpenAiEndpoint endpoint;
    private final String model;
    private final String voice;

    /**
     * @param baseUrl the server's root, with or without the {@code /v1} (both {@code http://host:8080} and
     *                {@code http://host:8080/v1} name {@code http://host:8080/v1/audio/speech})
     * @param apiKey  sent as {@code Authorization: Bearer KEY}; null for none
     * @param model   such as {@code tts-1}; null for the server's default
     * @param voice   such as {@code alloy}; null for the server's default
     */
    public RemoteSpeech(String baseUrl, String apiKey, String model, String voice, Duration timeout) {
        this.endpoint = new OpenAiEndpoint(baseUrl, "audio/speech", apiKey, "speech server", "speech", timeout);
        this.model = model;
        this.voice = voice;
    }

    /** The URL the requests go to. */
    public URI endpoint() {
        return endpoint.uri();
    }

    @Override
    public void stream(String text, Consumer<WaveAudio> sink) {
        List<String> sentences = SpeechSegmenter.sentences(SpeechSynthesizer.checked(text));
        if (sentences.isEmpty()) {
            throw new MediaException("nothing to say: the text has no letters or digits");
        }
        WaveAudio first = null;
        for (String sentence : sentences) {
            for (int start = 0; start < sentence.length(); start += MAX_INPUT) {
                WaveAudio piece = speak(sentence.substring(start, Math.min(sentence.length(), start + MAX_INPUT)));
                if (first != null && !piece.sameFormat(first)) {
                    throw new MediaException("the speech server at " + endpoint.uri() + " changed its audio format from "
                            + first.sampleRate() + " Hz to " + piece.sampleRate() + " Hz within one text");
                }
                first = first == null ? piece : first;
                sink.accept(piece);
            }
        }
    }

    /** One request: the text in, WAV out. */
    WaveAudio speak(String input) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("input", input).put("response_format", "wav");
        if (model != null) {
            body.put("model", model);
        }
        if (voice != null) {
            body.put("voice", voice);
        }
        return WaveAudio.parse(endpoint.post(body, "audio/wav"), endpoint.source() + " (asked for response_format wav)");
    }
}
