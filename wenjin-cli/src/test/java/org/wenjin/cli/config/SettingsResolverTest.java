package org.wenjin.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.assistant.DialogueMode;
import org.wenjin.llm.model.KvCache;

class SettingsResolverTest {
    @TempDir
    Path data;

    private SettingsResolver.Flags flags(String host, Integer port) {
        return new SettingsResolver.Flags(data, host, port, null, null, null, null, null, null);
    }

    @Test
    void defaultsBindLoopbackOnPort8080WithSqliteInTheDataDirectory() {
        Settings settings = new SettingsResolver(Map.of()).resolve(flags(null, null));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.apiKeys()).isEmpty();
        assertThat(settings.model()).isNull();
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:sqlite:" + data.resolve("wenjin.db").toAbsolutePath());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheYamlFileWhichBeatsDefaults() throws IOException {
        Files.writeString(data.resolve("wenjin.yaml"), """
                host: 0.0.0.0
                port: 7000
                api-keys: [one, two]
                max-queued-generations: 3
                """);
        Map<String, String> env = Map.of("WENJIN_PORT", "7100", "WENJIN_HOST", "10.1.1.1");

        Settings fromFlags = new SettingsResolver(env).resolve(flags("192.168.0.2", 7200));
        Settings fromEnv = new SettingsResolver(env).resolve(flags(null, null));
        Settings fromYaml = new SettingsResolver(Map.of()).resolve(flags(null, null));

        assertThat(fromFlags.host()).isEqualTo("192.168.0.2");
        assertThat(fromFlags.port()).isEqualTo(7200);
        assertThat(fromEnv.host()).isEqualTo("10.1.1.1");
        assertThat(fromEnv.port()).isEqualTo(7100);
        assertThat(fromYaml.host()).isEqualTo("0.0.0.0");
        assertThat(fromYaml.port()).isEqualTo(7000);
        assertThat(fromYaml.apiKeys()).containsExactly("one", "two");
        assertThat(fromYaml.maxQueuedGenerations()).isEqualTo(3);
        assertThat(fromYaml.maxConcurrentGenerations()).isEqualTo(8);
    }

    @Test
    void theGraphIsEmbeddedUnlessASparqlServerIsNamedByFlagEnvironmentOrYaml() throws IOException {
        assertThat(new SettingsResolver(Map.of()).resolve(flags(null, null)).remoteGraph()).isFalse();
        Files.writeString(data.resolve("wenjin.yaml"), "graph-sparql: http://yaml:3030/ds\n");
        Map<String, String> env = Map.of("WENJIN_GRAPH_SPARQL", "http://env:3030/ds");

        Settings fromYaml = new SettingsResolver(Map.of()).resolve(flags(null, null));
        Settings fromEnv = new SettingsResolver(env).resolve(flags(null, null));
        Settings fromFlag = new SettingsResolver(env).resolve(new SettingsResolver.Flags(data, null, null, null, null,
                null, null, null, null, "http://flag:3030/ds/query", "http://flag:3030/ds/update"));

        assertThat(fromYaml.graphSparql()).isEqualTo("http://yaml:3030/ds");
        assertThat(fromYaml.remoteGraph()).isTrue();
        assertThat(fromEnv.graphSparql()).isEqualTo("http://env:3030/ds");
        assertThat(fromFlag.graphSparql()).isEqualTo("http://flag:3030/ds/query");
        assertThat(fromFlag.graphSparqlUpdate()).isEqualTo("http://flag:3030/ds/update");
        assertThatThrownBy(() -> new SettingsResolver(Map.of("WENJIN_GRAPH_SPARQL_UPDATE", "http://x/update"))
                .resolve(new SettingsResolver.Flags(data.resolve("no-yaml"), null, null, null, null, null, null, null, null)))
                .hasMessageContaining("graph-sparql-update (--sparql-update) needs graph-sparql");
    }

    @Test
    void speechGoesToAServerOnlyWhenItsBaseUrlIsGivenByFlagEnvironmentOrYaml() throws IOException {
        assertThat(new SettingsResolver(Map.of()).resolve(flags(null, null)).speech().remote()).isFalse();
        assertThat(new SettingsResolver(Map.of()).resolve(flags(null, null)).speech().remoteSpeech()).isNull();
        Files.writeString(data.resolve("wenjin.yaml"), """
                speech-base-url: http://yaml:8000
                speech-voice: alloy
                """);
        Map<String, String> env = Map.of("WENJIN_SPEECH_BASE_URL", "http://env:8000/v1", "WENJIN_SPEECH_API_KEY", "k");

        SpeechSettings fromYaml = new SettingsResolver(Map.of()).resolve(flags(null, null)).speech();
        SpeechSettings fromEnv = new SettingsResolver(env).resolve(flags(null, null)).speech();
        SpeechSettings fromFlag = new SettingsResolver(env).resolve(flags(null, null)
                .withSpeech(new SpeechSettings("http://flag:9000", null, "tts-1", null))).speech();

        assertThat(fromYaml).isEqualTo(new SpeechSettings("http://yaml:8000", null, null, "alloy"));
        assertThat(fromYaml.remoteSpeech().endpoint()).hasToString("http://yaml:8000/v1/audio/speech");
        assertThat(fromEnv).isEqualTo(new SpeechSettings("http://env:8000/v1", "k", null, "alloy"));
        assertThat(fromEnv.remoteSpeech().endpoint()).hasToString("http://env:8000/v1/audio/speech");
        assertThat(fromFlag).isEqualTo(new SpeechSettings("http://flag:9000", "k", "tts-1", "alloy"));
        assertThatThrownBy(() -> new SpeechSettings("localhost:8000", null, null, null).remoteSpeech())
                .hasMessageContaining("speech-base-url 'localhost:8000' is not an http:// or https:// URL");
    }

    @Test
    void dialogueIsRulesUnlessTheFlagEnvironmentOrYamlSaysModel() throws IOException {
        assertThat(new SettingsResolver(Map.of()).resolve(flags(null, null)).dialogue()).isEqualTo(DialogueMode.RULES);
        Files.writeString(data.resolve("wenjin.yaml"), "dialogue: model\n");
        Map<String, String> env = Map.of("WENJIN_DIALOGUE", "rules");

        Settings fromYaml = new SettingsResolver(Map.of()).resolve(flags(null, null));
        Settings fromEnv = new SettingsResolver(env).resolve(flags(null, null));
        Settings fromFlag = new SettingsResolver(env).resolve(flags(null, null).withDialogue("Model"));

        assertThat(fromYaml.dialogue()).isEqualTo(DialogueMode.MODEL);
        assertThat(fromEnv.dialogue()).isEqualTo(DialogueMode.RULES);
        assertThat(fromFlag.dialogue()).isEqualTo(DialogueMode.MODEL);
    }

    @Test
    void anUnknownDialogueNamesTheSettingTheAllowedValuesAndWhereItCameFrom() throws IOException {
        assertThatThrownBy(() -> new SettingsResolver(Map.of("WENJIN_DIALOGUE", "llm")).resolve(flags(null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dialogue must be rules or model, was 'llm' (from WENJIN_DIALOGUE)");
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(flags(null, null).withDialogue("auto")))
                .hasMessage("dialogue must be rules or model, was 'auto' (from --dialogue)");
        Files.writeString(data.resolve("wenjin.yaml"), "dialogue: both\n");
        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(flags(null, null)))
                .hasMessageContaining("dialogue must be rules or model, was 'both'")
                .hasMessageContaining("wenjin.yaml");
    }

    @Test
    void theKvCacheIsTheEnginesDefaultUnlessTheEnvironmentOrYamlNamesOneAndAnythingElseIsNamed() throws IOException {
        assertThat(new SettingsResolver(Map.of()).resolve(flags(null, null)).kvCache()).isNull();
        Files.writeString(data.resolve("wenjin.yaml"), "kv-cache: f16\n");
        assertThat(new SettingsResolver(Map.of()).resolve(flags(null, null)).kvCache()).isEqualTo(KvCache.Precision.F16);
        assertThat(new SettingsResolver(Map.of("WENJIN_KV_CACHE", "F32")).resolve(flags(null, null)).kvCache())
                .isEqualTo(KvCache.Precision.F32);
        assertThatThrownBy(() -> new SettingsResolver(Map.of("WENJIN_KV_CACHE", "q8")).resolve(flags(null, null)))
                .hasMessage("kv-cache must be f32 or f16, was 'q8' (from WENJIN_KV_CACHE)");
    }

    @Test
    void theDataDirectoryComesFromTheFlagThenWenjinData() {
        Settings settings = new SettingsResolver(Map.of("WENJIN_DATA", data.toString()))
                .resolve(SettingsResolver.Flags.none());

        assertThat(settings.dataDir()).isEqualTo(data);
    }

    @Test
    void aMalformedNumberNamesTheSettingAndWhereItCameFrom() {
        assertThatThrownBy(() -> new SettingsResolver(Map.of("WENJIN_PORT", "eighty")).resolve(flags(null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port")
                .hasMessageContaining("eighty")
                .hasMessageContaining("WENJIN_PORT");
    }

    @Test
    void aBrokenYamlFileIsReportedWithItsPath() throws IOException {
        Files.writeString(data.resolve("wenjin.yaml"), "port: [unclosed\n");

        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(flags(null, null)))
                .hasMessageContaining("wenjin.yaml");
    }

    @Test
    void twoModelBackendsAtOnceAreRefused() {
        SettingsResolver.Flags both = new SettingsResolver.Flags(data, null, null, List.of(), Path.of("m.gguf"),
                "http://localhost:11434/v1", "qwen", null, null);

        assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(both))
                .hasMessageContaining("choose one model backend");
    }
}
