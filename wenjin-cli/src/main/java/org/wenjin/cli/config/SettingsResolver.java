package org.wenjin.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.wenjin.assistant.DialogueMode;
import org.wenjin.llm.model.KvCache;

/**
 * Resolves each setting from, in order: the command-line flag, the environment variable
 * {@code WENJIN_<NAME>} (upper case, dashes as underscores), the key {@code <name>} of {@code wenjin.yaml}
 * in the data directory, and the default. The data directory itself comes from the flag, then
 * {@code WENJIN_DATA}, then {@code ./wenjin-data}.
 */
public final class SettingsResolver {
    public static final String CONFIG_FILE = "wenjin.yaml";

    private final Map<String, String> environment;
    private JsonNode yaml;
    private Path yamlFile;

    public SettingsResolver(Map<String, String> environment) {
        this.environment = environment;
    }

    public static SettingsResolver fromSystem() {
        return new SettingsResolver(System.getenv());
    }

    /** The flags a command was given; null where the user gave none. */
    public record Flags(Path data, String host, Integer port, List<String> apiKeys, Path model, String openAiBaseUrl,
                        String openAiModel, String openAiApiKey, String databaseUrl, String graphSparql,
                        String graphSparqlUpdate, SpeechSettings speech, String dialogue) {
        public Flags {
            speech = speech == null ? SpeechSettings.none() : speech;
        }

        public Flags(Path data, String host, Integer port, List<String> apiKeys, Path model, String openAiBaseUrl,
                     String openAiModel, String openAiApiKey, String databaseUrl, String graphSparql,
                     String graphSparqlUpdate, SpeechSettings speech) {
            this(data, host, port, apiKeys, model, openAiBaseUrl, openAiModel, openAiApiKey, databaseUrl, graphSparql,
                    graphSparqlUpdate, speech, null);
        }

        public Flags(Path data, String host, Integer port, List<String> apiKeys, Path model, String openAiBaseUrl,
                     String openAiModel, String openAiApiKey, String databaseUrl, String graphSparql,
                     String graphSparqlUpdate) {
            this(data, host, port, apiKeys, model, openAiBaseUrl, openAiModel, openAiApiKey, databaseUrl, graphSparql,
                    graphSparqlUpdate, null);
        }

        public Flags(Path data, String host, Integer port, List<String> apiKeys, Path model, String openAiBaseUrl,
                     String openAiModel, String openAiApiKey, String databaseUrl) {
            this(data, host, port, apiKeys, model, openAiBaseUrl, openAiModel, openAiApiKey, databaseUrl, null, null);
        }

        /** These flags with the speech server's flags (each null where not given). */
        public Flags withSpeech(SpeechSettings value) {
            return new Flags(data, host, port, apiKeys, model, openAiBaseUrl, openAiModel, openAiApiKey, databaseUrl,
                    graphSparql, graphSparqlUpdate, value, dialogue);
        }

        /** These flags with {@code --dialogue} ({@code rules} or {@code model}; null where not given). */
        public Flags withDialogue(String value) {
            return new Flags(data, host, port, apiKeys, model, openAiBaseUrl, openAiModel, openAiApiKey, databaseUrl,
                    graphSparql, graphSparqlUpdate, speech, value);
        }

        public static Flags none() {
            return new Flags(null, null, null, null, null, null, null, null, null);
        }
    }

    public Settings resolve(Flags flags) {
        Path dataDir = flags.data() != null ? flags.data()
                : Path.of(environment.getOrDefault("WENJIN_DATA", "wenjin-data"));
        loadYaml(dataDir.resolve(CONFIG_FILE));
        List<String> apiKeys = flags.apiKeys() != null && !flags.apiKeys().isEmpty() ? flags.apiKeys()
                : splitList(value("api-keys", null, null));
        return new Settings(
                dataDir,
                value("host", flags.host(), "127.0.0.1"),
                integer("port", flags.port(), 8080),
                apiKeys,
                path("model", flags.model()),
                value("openai-base-url", flags.openAiBaseUrl(), null),
                value("openai-model", flags.openAiModel(), null),
                value("openai-api-key", flags.openAiApiKey(), null),
                value("database-url", flags.databaseUrl(), null),
                integer("max-concurrent-generations", null, 8),
                integer("max-queued-generations", null, 16),
                integer("max-body-bytes", null, 1 << 20),
                blankAsNull(value("graph-sparql", flags.graphSparql(), null)),
                blankAsNull(value("graph-sparql-update", flags.graphSparqlUpdate(), null)),
                new SpeechSettings(
                        blankAsNull(value("speech-base-url", flags.speech().baseUrl(), null)),
                        blankAsNull(value("speech-api-key", flags.speech().apiKey(), null)),
                        blankAsNull(value("speech-model", flags.speech().model(), null)),
                        blankAsNull(value("speech-voice", flags.speech().voice(), null))),
                new ImageSettings(
                        blankAsNull(value("image-base-url", null, null)),
                        blankAsNull(value("image-api-key", null, null)),
                        blankAsNull(value("image-model", null, null))),
                dialogue(flags.dialogue()),
                kvCache());
    }

    /**
     * {@code kv-cache}: f32 or f16; null when unset, for the engine's default. Only the precision's name is read
     * here: the cache itself needs the Vector API module, which commands without a local model may lack.
     */
    private KvCache.Precision kvCache() {
        String text = value("kv-cache", null, null);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return KvCache.Precision.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kv-cache must be f32 or f16, was '" + text + "'" + origin("kv-cache"));
        }
    }

    private DialogueMode dialogue(String flag) {
        String text = value("dialogue", flag, "rules");
        try {
            return DialogueMode.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(DialogueMode.values())
                    .map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "));
            throw new IllegalArgumentException("dialogue must be " + allowed + ", was '" + text + "'"
                    + (flag != null ? " (from --dialogue)" : origin("dialogue")));
        }
    }

    private String value(String name, String flag, String fallback) {
        if (flag != null) {
            return flag;
        }
        String env = environment.get("WENJIN_" + name.toUpperCase().replace('-', '_'));
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (yaml != null && yaml.hasNonNull(name)) {
            JsonNode node = yaml.get(name);
            return node.isArray() ? String.join(",", toList(node)) : node.asText();
        }
        return fallback;
    }

    private int integer(String name, Integer flag, int fallback) {
        String text = value(name, flag == null ? null : flag.toString(), Integer.toString(fallback));
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'"
                    + origin(name));
        }
    }

    private Path path(String name, Path flag) {
        String text = value(name, flag == null ? null : flag.toString(), null);
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    private String origin(String name) {
        if (environment.containsKey("WENJIN_" + name.toUpperCase().replace('-', '_'))) {
            return " (from WENJIN_" + name.toUpperCase().replace('-', '_') + ")";
        }
        return yaml != null && yaml.has(name) ? " (from " + yamlFile + ")" : "";
    }

    private void loadYaml(Path file) {
        yamlFile = file;
        if (!Files.isRegularFile(file)) {
            yaml = null;
            return;
        }
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (node != null && !node.isNull() && !node.isObject()) {
                throw new IllegalArgumentException(file + " must be a mapping of settings (key: value)");
            }
            yaml = node;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static List<String> splitList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> toList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText)
.toList();
    }
}
