package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.GenerationResult;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code wenjin generate}: a raw completion, no chat template. The prompt is tokenized as llama.cpp's
 * completion does it: BOS as the file's {@code add_bos_token} says, special tokens in the text parsed.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a local model (raw completion, no chat template).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "GGUF", description = "A .gguf file or a pulled model's name.")
    String model;

    @Option(names = {"-p", "--prompt"}, defaultValue = "", paramLabel = "TEXT", description = "The prompt (default: empty, BOS only).")
    String prompt;

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "64", paramLabel = "N", description = "Tokens to generate (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", paramLabel = "T", description = "0 for greedy (default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "40", paramLabel = "K")
    int topK;

    @Option(names = "--top-p", defaultValue = "0.95", paramLabel = "P")
    float topP;

    @Option(names = "--min-p", defaultValue = "0.05", paramLabel = "P")
    float minP;

    @Option(names = "--repeat-penalty", defaultValue = "1.0", paramLabel = "X")
    float repeatPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed, for reproducible sampling.")
    Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when this text appears (repeatable).")
    List<String> stop;

    @Option(names = {"-c", "--context"}, defaultValue = "0", paramLabel = "N",
            description = "Context size in tokens (default: the model's, at most 4096).")
    int context;

    @Option(names = "--json", description = "Print {\"tokens\": [...], \"text\": \"...\"} at the end instead of streaming.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LanguageModel lm = LanguageModel.load(LocalModelLoader.resolve(model))) {
            int contextSize = context > 0 ? context : Math.min(4096, lm.config().contextLength());
            Session session = new Session(lm, contextSize);
            int[] promptTokens = lm.tokenizer().encode(prompt, true, true);
            SamplingParameters sampling = new SamplingParameters(temperature, topK, topP, minP, repeatPenalty, 0f, 0f, 64,
                    seed != null ? seed : System.nanoTime());
            GenerationRequest request = GenerationRequest.of(maxTokens, sampling)
                    .withStopStrings(stop == null ? List.of() : stop);
            GenerationResult result = session.generate(promptTokens, request, json ? GenerationListener.NONE
                    : new GenerationListener() {
                        @Override
                        public void onText(String text) {
                            out.print(text);
                            out.flush();
                        }
                    });
            if (json) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                ArrayNode tokens = root.putArray("tokens");
                for (int id : result.tokens()) {
                    tokens.add(id);
                }
                root.put("text", result.text());
                root.put("finish_reason", result.finishReason().name().toLowerCase(Locale.ROOT));
                out.println(root);
            } else {
                out.println();
                err.printf(Locale.ROOT, "[%d prompt tokens in %.2f s, %d generated at %.1f tokens/s, %s]%n",
                        result.promptTokens(), result.promptNanos() / 1e9, result.generatedTokens(),
                        result.tokensPerSecond(), result.finishReason().name().toLowerCase(Locale.ROOT));
            }
        }
        return 0;
    }
}
