package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.model.KvCache;

/** {@code wenjin model info}, {@code tokenize}, {@code generate} and {@code bench} on the real stories260K model. */
class EngineCommandsTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../shared/testdata"));
    private static final Path STORIES = TESTDATA.resolve("stories260K.gguf");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void modelInfoDescribesArchitectureSizesAndTensorTypes() throws Exception {
        CliRun run = CliRun.of("model", "info", STORIES.toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode info = JSON.readTree(run.out());
        assertThat(info.get("architecture").asText()).isEqualTo("llama");
        assertThat(info.get("blocks").asInt()).isEqualTo(5);
        assertThat(info.get("embedding_length").asInt()).isEqualTo(64);
        assertThat(info.get("kv_heads").asInt()).isEqualTo(4);
        assertThat(info.get("vocabulary").asInt()).isEqualTo(512);
        assertThat(info.get("tensor_types").get("F32").get("tensors").asInt()).isEqualTo(48);
    }

    @Test
    void tokenizePrintsIdsWithBosAsTheFileAsks() throws Exception {
        CliRun run = CliRun.of("tokenize", "--model", STORIES.toString(), "--json", "Once upon a time");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode tokens = JSON.readTree(run.out()).get("tokens");
        assertThat(tokens.get(0).asInt()).isEqualTo(1);
        assertThat(tokens.size()).isGreaterThan(2);
    }

    @Test
    void greedyGenerationFromBosReproducesTheReferenceContinuation() throws Exception {
        int[] expected = Arrays.stream(Files.readString(TESTDATA.resolve("stories260K.greedy-256.ids")).trim().split(" "))
                .mapToInt(Integer::parseInt).toArray();

        CliRun run = CliRun.of("generate", "--model", STORIES.toString(), "--temperature", "0", "-n", "64", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        int[] ids = new int[result.get("tokens").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = result.get("tokens").get(i).asInt();
        }
        assertThat(ids).containsExactly(Arrays.copyOf(expected, 64));
        assertThat(Files.readString(TESTDATA.resolve("stories260K.greedy-256.txt"))).startsWith(result.get("text").asText());
    }

    @Test
    void benchMeasuresWithTheKvCachePrecisionAsked() throws Exception {
        KvCache.Precision before = KvCache.defaultPrecision();
        try {
            CliRun run = CliRun.of("bench", "--model", STORIES.toString(), "-p", "16", "-n", "8", "--reps", "1",
                    "--kv-cache", "f16", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode result = JSON.readTree(run.out());
            assertThat(result.get("kv_cache").asText()).isEqualTo("f16");
            assertThat(result.get("pp_tps").asDouble()).isPositive();
            assertThat(result.get("tg_tps").asDouble()).isPositive();

            CliRun wrong = CliRun.of("bench", "--model", STORIES.toString(), "--kv-cache", "q8");
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.err()).contains("--kv-cache", "must be f32 or f16, not 'q8'");
        } finally {
            KvCache.setDefaultPrecision(before);
        }
    }

    @Test
    void aMissingModelFileIsExplained() {
        CliRun run = CliRun.of("generate", "--model", "no/such/model.gguf", "-p", "hi");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no model file 'no/such/model.gguf'").contains("wenjin pull");
    }

    @Test
    void aTruncatedModelFileIsAClearErrorNotACrash(@TempDir Path directory) throws Exception {
        Path broken = directory.resolve("truncated.gguf");
        byte[] bytes = Files.readAllBytes(STORIES);
        Files.write(broken, Arrays.copyOf(bytes, 5000));

        CliRun run = CliRun.of("generate", "--model", broken.toString(), "-p", "hi");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("at byte").contains("truncated");
    }
}
