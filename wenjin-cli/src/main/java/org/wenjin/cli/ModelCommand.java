package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.gguf.GgufTensorInfo;
import org.wenjin.llm.model.ModelConfig;
import org.wenjin.llm.tensor.GgmlType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wenjin model info F.gguf}: what a model file holds. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect model files.",
        subcommands = ModelCommand.Info.class)
final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Architecture, sizes, quantization mix and chat template of a GGUF file.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "MODEL", description = "A .gguf file or the name of a pulled model.")
        String model;

        @Option(names = "--json", description = "Print the facts as one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path path = LocalModelLoader.resolve(model);
            PrintWriter out = spec.commandLine().getOut();
            try (GgufFile file = GgufFile.open(path)) {
                ModelConfig config = ModelConfig.fromGguf(file);
                Map<GgmlType, long[]> mix = new TreeMap<>();
                long parameters = 0;
                for (GgufTensorInfo tensor : file.tensors()) {
                    long elements = 1;
                    for (long d : tensor.dimensions()) {
                        elements *= d;
                    }
                    parameters += elements;
                    long[] entry = mix.computeIfAbsent(tensor.type(), t -> new long[2]);
                    entry[0]++;
                    entry[1] += tensor.type().byteSize(elements);
                }
                String template = file.getString("tokenizer.chat_template", null);
                if (json) {
                    ObjectNode root = new ObjectMapper().createObjectNode();
                    root.put("file", path.toString());
                    root.put("name", file.getString("general.name", ""));
                    root.put("architecture", config.architecture().ggufName());
                    root.put("parameters", parameters);
                    root.put("file_bytes", file.fileSize());
                    root.put("context_length", config.contextLength());
                    root.put("embedding_length", config.embeddingLength());
                    root.put("blocks", config.blockCount());
                    root.put("heads", config.headCount());
                    root.put("kv_heads", config.headCountKv());
                    root.put("vocabulary", config.vocabularySize());
                    root.put("tokenizer", file.getString("tokenizer.ggml.model", ""));
                    ObjectNode types = root.putObject("tensor_types");
                    mix.forEach((type, counts) -> types.putObject(type.name()).put("tensors", counts[0]).put("bytes", counts[1]));
                    root.put("chat_template", template);
                    out.println(root);
                    return 0;
                }
                out.printf("file           %s (%s, GGUF v%d)%n", path, ProgressBar.bytes(file.fileSize()), file.version());
                out.printf("name           %s%n", file.getString("general.name", "(none)"));
                out.printf("architecture   %s%n", config.architecture().ggufName());
                out.printf("parameters     %.2f M%n", parameters / 1e6);
                out.printf("context        %d tokens%n", config.contextLength());
                out.printf("layers         %d blocks, %d wide, feed-forward %d%n", config.blockCount(),
                        config.embeddingLength(), config.feedForwardLength());
                out.printf("attention      %d heads, %d key/value heads, head size %d, RoPE base %.0f%n",
                        config.headCount(), config.headCountKv(), config.keyLength(), config.ropeFreqBase());
                out.printf("tokenizer      %s (%s), %d tokens%n", file.getString("tokenizer.ggml.model", "?"),
                        file.getString("tokenizer.ggml.pre", "default"), config.vocabularySize());
                out.println("tensor types");
                mix.forEach((type, counts) -> out.printf("  %-8s %4d tensors  %10s%n", type, counts[0], ProgressBar.bytes(counts[1])));
                out.println("chat template  " + (template == null ? "(none: ChatML or Llama 3 fallback)"
                        : template.length() + " characters"));
                return 0;
            }
        }
    }
}
