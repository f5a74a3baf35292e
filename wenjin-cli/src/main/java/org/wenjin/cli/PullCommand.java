package org.wenjin.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.wenjin.model.hub.HuggingFace;
import org.wenjin.model.hub.LocalModels;
import org.wenjin.model.hub.ModelDownloader;
import org.wenjin.model.hub.ModelName;
import org.wenjin.model.hub.ModelScope;
import org.wenjin.model.hub.ModelSource;
import org.wenjin.model.hub.RemoteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin pull NAME}: downloads a GGUF model into the models directory. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a GGUF model: a catalogue name (e.g. qwen2.5:0.5b, qwen2.5:1.5b:q8_0, qwen3:0.6b, "
                + "llama3.2:1b) or a hub path owner/repo/file.gguf.",
                "Partial downloads resume; the file is checked against the hub's SHA-256."})
final class PullCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Model to download.")
    String name;

    @Option(names = "--source", defaultValue = "huggingface", paramLabel = "HUB",
            description = "huggingface (default) or modelscope (reachable from mainland China).")
    String source;

    @Option(names = "--endpoint", paramLabel = "URL", hidden = true,
            description = "Override the hub's address (mirrors such as hf-mirror.com).")
    URI endpoint;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        ModelSource hub = switch (source) {
            case "huggingface", "hf" -> new HuggingFace(endpoint != null ? endpoint : endpointFromEnv("WENJIN_HF_ENDPOINT",
                    HuggingFace.DEFAULT_ENDPOINT), http);
            case "modelscope", "ms" -> new ModelScope(endpoint != null ? endpoint : endpointFromEnv("WENJIN_MODELSCOPE_ENDPOINT",
                    ModelScope.DEFAULT_ENDPOINT), http);
            default -> throw new IllegalArgumentException("--source must be huggingface or modelscope, was '" + source + "'");
        };
        ModelName model = ModelName.parse(name, hub.name());
        RemoteFile file = hub.describe(model.repository(), model.fileName());
        LocalModels models = LocalModels.fromEnvironment(System.getenv());
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), file.fileName());
        Path path = new ModelDownloader(http, models).download(file, bar::update);
        bar.finish();
        spec.commandLine().getOut().println(path);
        return 0;
    }

    private static URI endpointFromEnv(String variable, URI fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : URI.create(value);
    }
}
