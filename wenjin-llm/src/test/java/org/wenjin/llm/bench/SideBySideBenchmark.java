package org.wenjin.llm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.reference.JavaLlamaCpp;
import org.wenjin.llm.tensor.FloatTensor;

/**
 * Wenjin's engine and llama.cpp (build b4916, bundled in {@code de.kherud:llama}) side by side on the same
 * random-weight files with real models' shapes, as llama-bench measures: pp (a prompt of random tokens in
 * one batch) and tg (tokens decoded one at a time), mean ± standard deviation of tokens/s over the passes
 * after a warm-up, the two engines alternating on each file and thread count. Also the aggregate decode
 * speed of several concurrent streams (continuous batching) over one stream, for Wenjin.
 *
 * <p>Run with {@code ./mvnw -pl wenjin-llm test -Pside-by-side}; properties {@code wenjin.bench.shapes},
 * {@code .types}, {@code .threads}, {@code .pp}, {@code .tg}, {@code .reps}, {@code .parallel} narrow or
 * widen the matrix. Prints one Markdown table and writes it to {@code target/side-by-side.md}. It judges
 * nothing: speed is read from the table, never asserted.
 */
class SideBySideBenchmark {
    private static final Path FILES = Path.of("target", "side-by-side");

    private record Row(String shape, String type, int threads, Benchmark.Speed wenjinPp, Benchmark.Speed llamaPp,
                       Benchmark.Speed wenjinTg, Benchmark.Speed llamaTg, Benchmark.Speed wenjinParallel) {}

    @Test
    void wenjinAndLlamaCppOnTheSameFiles() throws IOException {
        List<String> shapes = list("wenjin.bench.shapes", "qwen2.5-0.5b,llama-3.2-1b");
        List<String> types = list("wenjin.bench.types", "Q8_0,Q4_0,Q4_K_M");
        List<Integer> threadCounts = list("wenjin.bench.threads", "1,2").stream().map(Integer::parseInt).toList();
        int pp = Integer.getInteger("wenjin.bench.pp", 512);
        int tg = Integer.getInteger("wenjin.bench.tg", 128);
        int reps = Integer.getInteger("wenjin.bench.reps", 3);
        int parallel = Integer.getInteger("wenjin.bench.parallel", 8);
        Files.createDirectories(FILES);
        FloatTensor.setRoundActivations(true);
        List<Row> rows = new ArrayList<>();
        for (String shape : shapes) {
            for (String type : types) {
                Path file = FILES.resolve(shape + "-" + type.toLowerCase(Locale.ROOT) + ".gguf");
                if (!Files.exists(file)) {
                    new SyntheticModel(SyntheticModel.Shape.of(shape), type, 1).writeTo(file);
                }
                for (int threads : threadCounts) {
                    FloatTensor.setThreads(threads);
                    Benchmark benchmark = new Benchmark(pp, tg, reps);
                    Benchmark.Result wenjin;
                    Benchmark.Speed concurrent = null;
                    try (LanguageModel model = LanguageModel.load(file)) {
                        wenjin = benchmark.run(model.transformer());
                        if (parallel > 1 && threads == threadCounts.get(threadCounts.size() - 1)) {
                            concurrent = benchmark.concurrentGeneration(model.transformer(), parallel);
                        }
                    }
                    Benchmark.Speed[] llama = llamaCpp(file, pp, tg, reps, threads);
                    Row row = new Row(shape, type, threads, wenjin.prompt(), llama[0], wenjin.generation(), llama[1],
                            concurrent);
                    rows.add(row);
                    System.out.println(line(row));
                }
            }
        }
        String table = table(rows, pp, tg, parallel);
        System.out.println(table);
        Files.writeString(Path.of("target", "side-by-side.md"), table);
    }

    /** pp and tg of llama.cpp on {@code file}: one warm-up pass of each, then {@code reps} timed ones. */
    private static Benchmark.Speed[] llamaCpp(Path file, int pp, int tg, int reps, int threads) {
        try (JavaLlamaCpp llama = new JavaLlamaCpp()) {
            SplittableRandom random = new SplittableRandom(42);
            int vocabulary;
            try (LanguageModel model = LanguageModel.load(file)) {
                vocabulary = model.config().vocabularySize();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int[] prompt = random.ints(Math.max(pp, 1), 0, vocabulary).toArray();
            if (pp > 0) {
                llama.promptSeconds(file, prompt, threads);
            }
            if (tg > 0) {
                llama.generationSeconds(file, prompt[0], Math.min(tg, 16), threads);
            }
            double[] ppSamples = new double[pp > 0 ? reps : 0];
            double[] tgSamples = new double[tg > 0 ? reps : 0];
            for (int r = 0; r < reps; r++) {
                if (pp > 0) {
                    ppSamples[r] = pp / llama.promptSeconds(file, prompt, threads);
                }
                if (tg > 0) {
                    tgSamples[r] = tg / llama.generationSeconds(file, prompt[r % prompt.length], tg, threads);
                }
            }
            return new Benchmark.Speed[] {Benchmark.speed(pp, ppSamples), Benchmark.speed(tg, tgSamples)};
        }
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |", r.shape(), r.type(),
                r.threads(), speed(r.wenjinPp()), speed(r.llamaPp()), ratio(r.wenjinPp(), r.llamaPp()),
                speed(r.wenjinTg()), speed(r.llamaTg()), ratio(r.wenjinTg(), r.llamaTg()),
                r.wenjinParallel() == null ? "" : speed(r.wenjinParallel()) + " (" + ratio(r.wenjinParallel(), r.wenjinTg())
                        + " of one)");
    }

    private static String table(List<Row> rows, int pp, int tg, int parallel) {
        StringBuilder out = new StringBuilder();
        out.append("CPU: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" processors; Java ").append(System.getProperty("java.version")).append("; ")
                .append(FloatTensor.roundsActivations() ? "activations rounded to Q8_0 (integer kernels)" : "float activations")
                .append("\n\n");
        out.append(String.format(Locale.ROOT, "| model | type | threads | Wenjin pp%d | llama.cpp pp%d | ratio | Wenjin tg%d "
                + "| llama.cpp tg%d | ratio | Wenjin tg%d x%d streams (aggregate) |%n", pp, pp, tg, tg, tg, parallel));
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            out.append(line(row)).append('\n');
        }
        return out.toString();
    }

    private static String speed(Benchmark.Speed s) {
        return s.tokens() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.stddev());
    }

    private static String ratio(Benchmark.Speed ours, Benchmark.Speed theirs) {
        return ours.tokens() == 0 || theirs.mean() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", ours.mean() / theirs.mean());
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the JVM's architecture below is all we know
        }
        return System.getProperty("os.arch");
    }

    private static List<String> list(String property, String fallback) {
        return List.of(System.getProperty(property, fallback).split(",")).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
