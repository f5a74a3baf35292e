package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.cli.config.Settings;
import org.wenjin.cli.config.SettingsResolver;
import org.wenjin.llm.model.KvCache;
import org.wenjin.model.Cancellation;
import org.wenjin.model.ChatMessage;
import org.wenjin.model.ChatModel;
import org.wenjin.model.ChatRequest;
import org.wenjin.model.GenerationOptions;

/** The local model that serve, ask and chat open from the settings, on the real stories260K model. */
class ModelBackendsTest {
    private static final Path STORIES = Path.of(System.getProperty("wenjin.testdata", "../shared/testdata"))
            .resolve("stories260K.gguf");

    @Test
    void aLocalModelAnswersWithTheKvCachePrecisionTheSettingsAsk(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("wenjin.yaml"), "model: " + STORIES.toAbsolutePath() + "\nkv-cache: f16\n");
        Settings settings = new SettingsResolver(Map.of()).resolve(new SettingsResolver.Flags(data, null, null, null,
                null, null, null, null, null));
        KvCache.Precision before = KvCache.defaultPrecision();
        try (ChatModel model = ModelBackends.open(settings, new PrintWriter(new StringWriter()))) {
            assertThat(KvCache.defaultPrecision()).isEqualTo(KvCache.Precision.F16);
            List<String> pieces = new ArrayList<>();
            model.chat(new ChatRequest(List.of(ChatMessage.user("Once upon a time")),
                    new GenerationOptions(16, 0, 1, 1L, List.of())), pieces::add, new Cancellation());
            assertThat(String.join("", pieces)).isNotBlank();
        } finally {
            KvCache.setDefaultPrecision(before);
        }
    }
}
