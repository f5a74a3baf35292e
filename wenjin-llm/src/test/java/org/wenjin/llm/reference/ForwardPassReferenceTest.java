package org.wenjin.llm.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wenjin.llm.tensor.GgmlType;

/**
 * The engine's forward pass and greedy generation against llama.cpp, on stories260K and on random-weight
 * models of every architecture and tensor type ({@link Matrix}).
 *
 * <p>Each random model is checked twice. Against llama.cpp on its F32 twin (the same weights, dequantized
 * by ggml): the engine computes in float32 with the stored weights, so it must match to float32 rounding
 * ({@link Tolerance#EXACT}). Against llama.cpp on the very same file: there llama.cpp rounds its
 * activations to the weight type's dot-product format first, so the allowance is that rounding's
 * ({@link Tolerance#llamaCppRounding}).
 */
class ForwardPassReferenceTest {

    private static final Map<String, ReferenceLlama> REFERENCES = new LinkedHashMap<>();
    private static final Map<String, Path> FILES = new ConcurrentHashMap<>();

    @TempDir
    static Path models;

    @BeforeAll
    static void start() {
        REFERENCES.put("java", new JavaLlamaCpp());
        if (NodeLlamaCpp.unavailableReason().isEmpty()) {
            REFERENCES.put("node", NodeLlamaCpp.start());
        } else {
            Report.line("node-llama-cpp not run: %s", NodeLlamaCpp.unavailableReason().get());
        }
    }

    @AfterAll
    static void stop() {
        REFERENCES.values().forEach(ReferenceLlama::close);
        REFERENCES.clear();
        FILES.clear();
    }

    static Stream<Arguments> cases() {
        return Matrix.cases().stream().flatMap(c -> Matrix.SEEDS.stream()
                .map(seed -> Arguments.of(c.architecture(), c.type(), seed)));
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void predictsWhatTheStoredWeightsMean(String architecture, GgmlType type, long seed) {
        RandomModel model = new RandomModel(architecture, type, seed);
        int[] tokens = Matrix.tokens(seed);
        List<TopK> engine = Engine.teacherForced(file(model), tokens, 2 * Matrix.K);

        for (Map.Entry<String, ReferenceLlama> reference : references(architecture).entrySet()) {
            Agreement agreement = Agreement.of(
                    reference.getValue().teacherForced(twin(model), tokens, Matrix.K), engine, Tolerance.EXACT.margin());
            Report.line("random %s %s seed %d, engine vs %s on the F32 twin: %s", architecture, type, seed,
                    reference.getKey(), agreement);
            assertThat(agreement.within(Tolerance.EXACT.probability()))
                    .as("engine vs %s on the F32 twin: %s", reference.getKey(), agreement).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void predictsLikeLlamaCppOnTheSameFile(String architecture, GgmlType type, long seed) {
        RandomModel model = new RandomModel(architecture, type, seed);
        int[] tokens = Matrix.tokens(seed);
        Tolerance tolerance = Tolerance.llamaCppRounding(type);
        List<TopK> engine = Engine.teacherForced(file(model), tokens, 2 * Matrix.K);

        for (Map.Entry<String, ReferenceLlama> reference : references(architecture).entrySet()) {
            Agreement agreement = Agreement.of(
                    reference.getValue().teacherForced(file(model), tokens, Matrix.K), engine, tolerance.margin());
            Report.line("random %s %s seed %d, engine vs %s on the same file: %s", architecture, type, seed,
                    reference.getKey(), agreement);
            assertThat(agreement.within(tolerance.probability()))
                    .as("engine vs %s: %s", reference.getKey(), agreement).isTrue();
        }
    }

    /**
     * From BOS, the engine's greedy run follows each reference's at least as far as the two references
     * follow each other, and at least up to the reference's first near tie (a top-1/top-2 gap within the
     * margin, where float rounding may legitimately choose). On the F32 twin the margin is float32's; on the
     * file itself it is llama.cpp's activation rounding.
     */
    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void greedyRunFollowsLlamaCpp(String architecture, GgmlType type, long seed) {
        RandomModel model = new RandomModel(architecture, type, seed);
        int[] prompt = {Testdata.BOS};
        int[] engine = Engine.greedy(file(model), prompt, Matrix.GREEDY);

        List<String> shortfalls = new ArrayList<>();
        String what = "random " + architecture + " " + type + " seed " + seed;
        shortfalls.addAll(greedyShortfalls(what + " on the F32 twin", architecture, twin(model), prompt, engine,
                Tolerance.EXACT));
        shortfalls.addAll(greedyShortfalls(what, architecture, file(model), prompt, engine,
                Tolerance.llamaCppRounding(type)));
        assertThat(shortfalls).isEmpty();
    }

    /**
     * The exact comparison is sharp enough to see one wrong block: with 32 weights of every matrix negated
     * in the F32 twin (one Q4_K sub-block's worth, 0.05% of the weights), llama.cpp's predictions no longer
     * pass for the engine's.
     */
    @Test
    void oneWrongBlockPerMatrixIsCaught() throws IOException {
        RandomModel model = new RandomModel("llama", GgmlType.Q4_K, Matrix.SEED);
        int[] tokens = Matrix.tokens(Matrix.SEED);
        Path broken = model.writeTwinTo(Files.createDirectories(models.resolve("one-wrong-block")),
                Testdata.stories260K(), (type, data, values) -> {
                    float[] weights = JavaLlamaCpp.dequantize(type, data, values);
                    for (int i = 0; i < 32; i++) {
                        weights[i] = -weights[i];
                    }
                    return weights;
                });

        Agreement agreement = Agreement.of(REFERENCES.get("java").teacherForced(broken, tokens, Matrix.K),
                Engine.teacherForced(file(model), tokens, 2 * Matrix.K), Tolerance.EXACT.margin());

        Report.line("random llama Q4_K, engine vs java on a twin with one wrong block per matrix: %s", agreement);
        assertThat(agreement.within(Tolerance.EXACT.probability())).as(agreement.toString()).isFalse();
    }

    @Test
    void stories260KGreedyRunFromBosReproducesTheReferenceIds() {
        int[] expected = Testdata.stories260KGreedyIds();

        int[] engine = Engine.greedy(Testdata.stories260K(), new int[] {Testdata.BOS}, expected.length);

        Report.line("stories260K greedy from BOS: the engine follows the 256 reference ids for %d tokens",
                Agreement.sharedPrefix(engine, expected));
        assertThat(engine).containsExactly(expected);
        assertThat(greedyShortfalls("stories260K", "llama", Testdata.stories260K(), new int[] {Testdata.BOS},
                engine, Tolerance.EXACT)).isEmpty();
    }

    @Test
    void stories260KPredictionsMatchLlamaCppAlongTheGreedyRun() {
        int[] ids = Testdata.stories260KGreedyIds();
        int[] sequence = new int[ids.length];
        sequence[0] = Testdata.BOS;
        System.arraycopy(ids, 0, sequence, 1, ids.length - 1);
        List<TopK> engine = Engine.teacherForced(Testdata.stories260K(), sequence, 2 * Matrix.K);

        for (Map.Entry<String, ReferenceLlama> reference : REFERENCES.entrySet()) {
            Agreement agreement = Agreement.of(reference.getValue().teacherForced(Testdata.stories260K(), sequence,
                    Matrix.K), engine, Tolerance.EXACT.margin());
            Report.line("stories260K teacher-forced over the greedy ids, engine vs %s: %s", reference.getKey(), agreement);
            assertThat(agreement.within(Tolerance.EXACT.probability())).as(agreement.toString()).isTrue();
        }
    }

    /**
     * Greedy runs of each reference on {@code gguf}, and what the engine's run falls short of: an empty list
     * when it follows every reference as far as required.
     */
    private static List<String> greedyShortfalls(String what, String architecture, Path gguf, int[] prompt,
                                                 int[] engine, Tolerance tolerance) {
        int n = engine.length;
        Map<String, int[]> runs = new LinkedHashMap<>();
        references(architecture).forEach((name, reference) -> runs.put(name, reference.greedy(gguf, prompt, n)));
        List<int[]> all = List.copyOf(runs.values());
        int referencesAgree = all.size() == 2 ? Agreement.sharedPrefix(all.get(0), all.get(1)) : n;

        List<String> shortfalls = new ArrayList<>();
        StringBuilder line = new StringBuilder("greedy " + what + ", " + n + " tokens from BOS:");
        for (Map.Entry<String, int[]> run : runs.entrySet()) {
            int firstTie = firstNearTie(REFERENCES.get(run.getKey()), gguf, prompt, run.getValue(),
                    tolerance.margin());
            int required = Math.min(referencesAgree, firstTie);
            int follows = Agreement.sharedPrefix(engine, run.getValue());
            line.append(String.format(" engine follows %s for %d (first near tie at %d);", run.getKey(), follows,
                    firstTie));
            if (follows < required) {
                shortfalls.add(what + ": the engine follows " + run.getKey() + " for " + follows + " tokens, "
                        + "less than the " + required + " required; engine " + Arrays.toString(engine) + ", "
                        + run.getKey() + " " + Arrays.toString(run.getValue()));
            }
        }
        if (all.size() == 2) {
            line.append(" java and node follow each other for ").append(referencesAgree);
        }
        Report.line("%s", line);
        return shortfalls;
    }

    /** The first step of a greedy run where the reference's top two are within {@code margin}, or its length. */
    private static int firstNearTie(ReferenceLlama reference, Path gguf, int[] prompt, int[] run, double margin) {
        int[] sequence = Arrays.copyOf(prompt, prompt.length + run.length - 1);
        System.arraycopy(run, 0, sequence, prompt.length, run.length - 1);
        List<TopK> steps = reference.teacherForced(gguf, sequence, 2);
        for (int i = 0; i < run.length; i++) {
            if (steps.get(prompt.length - 1 + i).gap() <= margin) {
                return i;
            }
        }
        return run.length;
    }

    /** The references that can run a file: llama.cpp b4916 predates Qwen3. */
    private static Map<String, ReferenceLlama> references(String architecture) {
        Map<String, ReferenceLlama> usable = new LinkedHashMap<>(REFERENCES);
        if (architecture.equals("qwen3")) {
            usable.remove("java");
        }
        assumeFalse(usable.isEmpty(), "no llama.cpp here runs " + architecture + ": "
                + NodeLlamaCpp.unavailableReason().orElse(""));
        return usable;
    }

    private static Path file(RandomModel model) {
        return FILES.computeIfAbsent(model.fileName(), name -> {
            try {
                return model.writeTo(models, Testdata.stories260K());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Path twin(RandomModel model) {
        return FILES.computeIfAbsent(model.fileName() + " twin", name -> {
            try {
                return model.writeTwinTo(models, Testdata.stories260K(), JavaLlamaCpp::dequantize);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
