package org.wenjin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.wenjin.llm.bench.Benchmark;
import org.wenjin.llm.bench.SyntheticModel;
import org.wenjin.llm.model.KvCache;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.tensor.FloatTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wenjin bench}: prompt processing and text generation speed of a GGUF file, printed as llama-bench
 * prints it; or, with {@code --make-model}, a random-weight file with a real model's shapes to measure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prompt processing (pp) and text generation (tg) speed in tokens/s, or write a random-weight model to measure.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "GGUF", description = "The .gguf file (or pulled model) to measure.")
    String model;

    @Option(names = {"-t", "--threads"}, description = "Threads splitting each matmul (default: available processors).")
    Integer threads;

    @Option(names = {"-p", "--n-prompt"}, defaultValue = "512", description = "Prompt tokens per pp pass; 0 skips pp (default ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = {"-n", "--n-gen"}, defaultValue = "128", description = "Generated tokens per tg pass; 0 skips tg (default ${DEFAULT-VALUE}).")
    int generatedTokens;

    @Option(names = {"-r", "--reps"}, defaultValue = "3", description = "Timed passes of each test (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Also measure tg with N sequences decoding at once (continuous batching, as the server does); prints their aggregate t/s.")
    int parallel;

    @Option(names = "--json", description = "Print {\"pp_tps\":..,\"tg_tps\":..,\"threads\":..}.")
    boolean json;

    @Option(names = "--activations", defaultValue = "q8",
            description = "q8: round each matmul's input to 8-bit blocks and multiply in integers, as llama.cpp does; float: the exact float path (default ${DEFAULT-VALUE}).")
    String activations;

    @Option(names = "--kv-cache", paramLabel = "PRECISION",
            description = "f32 or f16: how the KV cache stores keys and values (default: -Dwenjin.llm.kvcache, else f32).")
    String kvCache;

    @Option(names = "--make-model", paramLabel = "SHAPE", description = "Write a random-weight model instead: qwen2.5-0.5b, qwen2.5-1.5b, qwen2.5-3b or llama-3.2-1b.")
    String makeModel;

    @Option(names = "--type", defaultValue = "Q8_0", description = "With --make-model: Q8_0, Q4_0 or Q4_K_M (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = {"-o", "--output"}, paramLabel = "GGUF", description = "With --make-model: the file to write.")
    Path output;

    @Option(names = "--seed", defaultValue = "1", description = "With --make-model: seed of the random weights.")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (makeModel != null) {
            if (output == null) {
                throw new ParameterException(spec.commandLine(), "--make-model needs -o FILE.gguf");
            }
            SyntheticModel synthetic = new SyntheticModel(SyntheticModel.Shape.of(makeModel), type, seed);
            synthetic.writeTo(output);
            out.printf("wrote %s (%s, %s, %.0f MB)%n", output, makeModel, synthetic.fileType(), Files.size(output) / 1e6);
            return 0;
        }
        if (model == null) {
            throw new ParameterException(spec.commandLine(), "give --model FILE.gguf (or --make-model SHAPE)");
        }
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, was " + parallel);
        }
        if (threads != null) {
            FloatTensor.setThreads(threads);
        }
        switch (activations) {
            case "q8" -> FloatTensor.setRoundActivations(true);
            case "float" -> FloatTensor.setRoundActivations(false);
            default -> throw new ParameterException(spec.commandLine(), "--activations must be q8 or float, not " + activations);
        }
        if (kvCache != null) {
            try {
                KvCache.setDefaultPrecision(KvCache.Precision.parse(kvCache));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--kv-cache: " + e.getMessage());
            }
        }
        Benchmark benchmark = new Benchmark(promptTokens, generatedTokens, repetitions);
        try (LanguageModel loaded = LanguageModel.load(LocalModelLoader.resolve(model))) {
            Benchmark.Result result = benchmark.run(loaded.transformer());
            Benchmark.Speed concurrent = parallel > 1 && generatedTokens > 0
                    ? benchmark.concurrentGeneration(loaded.transformer(), parallel) : null;
            if (json) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                root.put("pp_tps", result.prompt().mean());
                root.put("tg_tps", result.generation().mean());
                root.put("threads", result.threads());
                root.put("activations", FloatTensor.roundsActivations() ? "q8" : "float");
                root.put("kv_cache", KvCache.defaultPrecision().name().toLowerCase(Locale.ROOT));
                if (concurrent != null) {
                    root.put("parallel", parallel);
                    root.put("parallel_tg_tps", concurrent.mean());
                }
                out.println(root);
            } else {
                String name = loaded.path().getFileName().toString()
                        + (FloatTensor.roundsActivations() ? " (q8 act." : " (float act.")
                        + (KvCache.defaultPrecision() == KvCache.Precision.F16 ? ", f16 KV)" : ")");
                out.println("| model                          | threads |          test |             t/s |");
                out.println("| ------------------------------ | ------: | ------------: | --------------: |");
                row(out, name, result.threads(), "pp", result.prompt());
                row(out, name, result.threads(), "tg", result.generation());
                if (concurrent != null) {
                    out.printf(Locale.ROOT, "| %-30s | %7d | %13s | %8.2f ± %4.2f |%n", name, result.threads(),
                            "tg" + concurrent.tokens() + " x" + parallel, concurrent.mean(), concurrent.stddev());
                }
            }
        }
        return 0;
    }

    private static void row(PrintWriter out, String model, int threads, String test, Benchmark.Speed speed) {
        if (speed.tokens() > 0) {
            out.printf(Locale.ROOT, "| %-30s | %7d | %13s | %8.2f ± %4.2f |%n", model, threads, test + speed.tokens(),
                    speed.mean(), speed.stddev());
        }
    }
}
