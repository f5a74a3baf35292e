package org.wenjin.cli;

import org.wenjin.cli.config.SpeechSettings;
import picocli.CommandLine.Option;

/** The flags that send speech to an OpenAI-compatible server instead of espeak-ng. */
final class SpeechOptions {
    @Option(names = "--speech-base-url", paramLabel = "URL",
            description = "Read aloud with this OpenAI-compatible server's POST /v1/audio/speech instead of espeak-ng "
                    + "(env WENJIN_SPEECH_BASE_URL, wenjin.yaml speech-base-url), e.g. http://localhost:8000.")
    String baseUrl;

    @Option(names = "--speech-api-key", paramLabel = "KEY", description = "The speech server's API key (env WENJIN_SPEECH_API_KEY).")
    String apiKey;

    @Option(names = "--speech-model", paramLabel = "NAME", description = "The speech model to ask for, e.g. tts-1 (env WENJIN_SPEECH_MODEL).")
    String model;

    @Option(names = "--speech-voice", paramLabel = "NAME", description = "The server's voice, e.g. alloy (env WENJIN_SPEECH_VOICE).")
    String voice;

    /** The flags given, each null where not given; the environment and wenjin.yaml fill the rest. */
    SpeechSettings flags() {
        return new SpeechSettings(baseUrl, apiKey, model, voice);
    }
}
