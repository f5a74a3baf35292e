package org.wenjin.cli;

import java.io.PrintWriter;
import org.wenjin.cli.config.Settings;
import org.wenjin.llm.model.KvCache;
import org.wenjin.model.ChatModel;
import org.wenjin.model.openai.OpenAiChatModel;
import org.wenjin.model.openai.RemoteModelConfig;

/** Picks the model backend the settings ask for: none (extractive answers), a remote server, or a local file. */
final class ModelBackends {
    private ModelBackends() {
    }

    /** Returns null when no model is configured, so the assistant answers extractively. */
    static ChatModel open(Settings settings, PrintWriter log) {
        if (settings.openAiBaseUrl() != null) {
            return new OpenAiChatModel(new RemoteModelConfig(settings.openAiBaseUrl(), settings.openAiModel(),
                    settings.openAiApiKey()));
        }
        if (settings.model() != null) {
            if (settings.kvCache() != null) {
                // Sessions of the local model take their cache precision from the engine's default.
                KvCache.setDefaultPrecision(settings.kvCache());
            }
            return LocalModelLoader.load(settings.model().toString(), settings.maxConcurrentGenerations(), log);
        }
        return null;
    }
}
