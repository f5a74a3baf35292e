package org.wenjin.train.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.reference.NodeLlamaCpp;
import org.wenjin.train.TinyModelFiles;

/**
 * The exported files mean to llama.cpp what they mean to the engine, and the adapter does in llama.cpp what the
 * merged model does. llama.cpp is node-llama-cpp's build, driven by wenjin-llm's {@link NodeLlamaCpp}; without Node
 * or its packages the tests are skipped.
 *
 * <p>The engine multiplies float activations with the stored weights. llama.cpp first rounds the activations to
 * the weights' dot-product partner (F16 for F16, Q8_0 for the 32-value quants, Q8_K for the K-quants), which moves a
 * logit by up to about 1 % and so, now and then, tips a close greedy choice. Each file is therefore compared twice:
 * the engine's greedy run must equal llama.cpp's on the file's exact values (its F32 twin) token for token, and
 * llama.cpp's run on the file itself must equal the engine's up to the first step where llama.cpp's own rounding
 * changed its choice, which is the step where llama.cpp on the exact values picks the engine's token instead.
 * The shared lengths go to {@code target/export-agreement.txt}.
 */
class LlamaCppAgreementTest {

    private static final Path REPORT = Path.of("target", "export-agreement.txt");

    @TempDir
    static Path directory;

    private static NodeLlamaCpp llamaCpp;
    private static Path base;
    private static Map<String, LoraFactors> factors;
    private static List<int[]> prompts;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "");
        if (NodeLlamaCpp.unavailableReason().isEmpty()) {
            llamaCpp = NodeLlamaCpp.start();
            report("%s", llamaCpp.name());
        }
        base = new TinyLlama(7).writeTo(directory);
        try (GgufFile file = GgufFile.open(base)) {
            factors = LoraFixtures.everyTarget(file, 11);
        }
        prompts = Greedy.prompts(base);
    }

    @AfterAll
    static void stop() {
        if (llamaCpp != null) {
            llamaCpp.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ExportType.class)
    void mergedFileGivesTheEnginesGreedyTokensInLlamaCpp(ExportType type) throws IOException {
        requireLlamaCpp();
        Path merged = directory.resolve("merged-" + type + ".gguf");
        try (GgufFile file = GgufFile.open(base)) {
            MergedModelExport.writeMerged(file, factors, LoraFixtures.ALPHA, type, merged);
        }

        assertFollows("tiny llama + LoRA as " + type, merged, prompts);
    }

    /** llama.cpp with the base and the adapter at scale 1 computes the merged F32 model. */
    @Test
    void adapterOnTheBaseGivesTheMergedModelsTokensInLlamaCpp() throws IOException {
        requireLlamaCpp();
        Path adapter = directory.resolve("adapter.gguf");
        Path merged = directory.resolve("merged-for-adapter-F32.gguf");
        try (GgufFile file = GgufFile.open(base)) {
            LoraAdapterExport.write(file, factors, LoraFixtures.ALPHA, adapter);
            MergedModelExport.writeMerged(file, factors, LoraFixtures.ALPHA, ExportType.F32, merged);
        }

        assertAdapterMatchesMerged("tiny llama", base, adapter, merged, prompts);
    }

    /**
     * On stories260K, a real tiny llama with its own classifier, the token embedding's update too goes into the
     * adapter (in llama.cpp's transposed layout), and its 64-wide matrices take the Q4_K_M fallbacks (Q5_0, Q8_0,
     * F16) in llama.cpp as in the engine.
     */
    @Test
    void stories260KWithAnAdaptedEmbeddingAgreesToo() throws IOException {
        requireLlamaCpp();
        Path stories = TinyModelFiles.stories260K();
        Path adapter = directory.resolve("stories-adapter.gguf");
        Path merged = directory.resolve("stories-merged-F32.gguf");
        Path q4km = directory.resolve("stories-merged-Q4_K_M.gguf");
        List<int[]> storyPrompts = Greedy.prompts(stories);
        try (GgufFile file = GgufFile.open(stories)) {
            Map<String, LoraFactors> withEmbedding = new HashMap<>(LoraFixtures.everyTarget(file, 5));
            withEmbedding.put("token_embd.weight",
                    LoraFixtures.random(file.tensorInfo("token_embd.weight").orElseThrow(), new Random(6)));
            LoraAdapterExport.write(file, withEmbedding, LoraFixtures.ALPHA, adapter);
            MergedModelExport.writeMerged(file, withEmbedding, LoraFixtures.ALPHA, ExportType.F32, merged);
            MergedModelExport.writeMerged(file, withEmbedding, LoraFixtures.ALPHA, ExportType.Q4_K_M, q4km);
        }
        for (int[] prompt : storyPrompts) {
            assertThat(Greedy.engine(merged, prompt, Greedy.TOKENS)).as("the update changes stories260K's output")
                    .isNotEqualTo(Greedy.engine(stories, prompt, Greedy.TOKENS));
        }

        assertAdapterMatchesMerged("stories260K", stories, adapter, merged, storyPrompts);
        assertFollows("stories260K + LoRA as F32", merged, storyPrompts);
        assertFollows("stories260K + LoRA as Q4_K_M", q4km, storyPrompts);
    }

    private static void assertAdapterMatchesMerged(String what, Path base, Path adapter, Path merged,
                                                   List<int[]> prompts) {
        for (int[] prompt : prompts) {
            int[] withAdapter = llamaCpp.greedy(base, adapter, 1f, prompt, Greedy.TOKENS);
            int[] fromMerged = llamaCpp.greedy(merged, prompt, Greedy.TOKENS);
            report("%s after %s: llama.cpp with the adapter follows llama.cpp on the merged F32 file for %d of %d tokens",
                    what, Arrays.toString(prompt), shared(withAdapter, fromMerged), Greedy.TOKENS);
            assertThat(withAdapter).as("%s after %s: llama.cpp with the adapter", what, Arrays.toString(prompt))
                    .containsExactly(fromMerged);
        }
    }

    /** See the class comment: exact agreement on the exact values, agreement up to llama.cpp's rounding on the file. */
    private static void assertFollows(String what, Path file, List<int[]> prompts) throws IOException {
        Path twin = file.resolveSibling(file.getFileName().toString().replace(".gguf", "-twin.gguf"));
        try (GgufFile exported = GgufFile.open(file)) {
            MergedModelExport.write(exported, Map.of(), ExportType.F32, twin);
        }
        for (int[] prompt : prompts) {
            String after = what + " after " + Arrays.toString(prompt);
            int[] engine = Greedy.engine(file, prompt, Greedy.TOKENS);
            int[] exact = llamaCpp.greedy(twin, prompt, Greedy.TOKENS);
            int[] onFile = llamaCpp.greedy(file, prompt, Greedy.TOKENS);
            int shared = shared(engine, onFile);
            report("%s: the engine = llama.cpp on the exact values for %d of %d tokens, = llama.cpp on the file for %d",
                    after, shared(engine, exact), Greedy.TOKENS, shared);
            assertThat(engine).as("%s: the engine against llama.cpp on the exact values", after).containsExactly(exact);
            if (shared < Greedy.TOKENS) {
                int[] context = Arrays.copyOf(prompt, prompt.length + shared);
                System.arraycopy(engine, 0, context, prompt.length, shared);
                int exactChoice = llamaCpp.greedy(twin, context, 1)[0];
                assertThat(exactChoice)
                        .as("%s: llama.cpp on the file picks %d after %d shared tokens where the engine picks %d;"
                                + " only llama.cpp's rounding may explain that, so on the exact values it must pick %d",
                                after, onFile[shared], shared, engine[shared], engine[shared])
                        .isEqualTo(engine[shared]);
            }
        }
    }

    private static int shared(int[] a, int[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[n] == b[n]) {
            n++;
        }
        return n;
    }

    private static void requireLlamaCpp() {
        assumeTrue(llamaCpp != null, () -> NodeLlamaCpp.unavailableReason().orElse(""));
    }

    private static synchronized void report(String format, Object... args) {
        try {
            Files.writeString(REPORT, String.format(format, args) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
