package org.wenjin.media.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.wenjin.media.MediaException;

/**
 * Text to speech: {@link EspeakNg} on this machine by default, or {@link RemoteSpeech}, any server that answers
 * OpenAI's {@code POST /v1/audio/speech}. Both read long text a piece at a time and hand each piece on as soon
 * as it is made.
 */
public interface SpeechSynthesizer {
    /** About ten minutes of speech: longer texts belong in a batch job, not one request. */
    int MAX_CHARACTERS = 10_000;

    /** Synthesizes piece by piece, handing each to {@code sink} in order; the pieces share one PCM format. */
    void stream(String text, Consumer<WaveAudio> sink);

    /** The whole text as one audio clip. */
    default WaveAudio synthesize(String text) {
        List<WaveAudio> pieces = new ArrayList<>();
        stream(text, pieces::add);
        return WaveAudio.concatenate(pieces);
    }

    /** {@code text}, if it is something to say and not too long for one call; otherwise a clear error. */
    static String checked(String text) {
        if (text == null || text.isBlank()) {
            throw new MediaException("nothing to say: the text is empty");
        }
        if (text.length() > MAX_CHARACTERS) {
            throw new MediaException("text too long to speak: " + text.length() + " characters, at most "
                    + MAX_CHARACTERS + "; split it into parts");
        }
        return text;
    }
}
