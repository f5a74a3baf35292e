package org.wenjin.llm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wenjin.llm.model.LanguageModel;

/** What the benchmark reports, run on the real stories260K model (the figures themselves are not judged here). */
class BenchmarkTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../../shared/testdata"));
    private static LanguageModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LanguageModel.load(TESTDATA.resolve("stories260K.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void reportsPromptAndGenerationSpeedAsMeanAndSpreadOverThePasses() {
        Benchmark.Result result = new Benchmark(16, 8, 3).run(model.transformer());
        assertThat(result.prompt().tokens()).isEqualTo(16);
        assertThat(result.generation().tokens()).isEqualTo(8);
        assertThat(result.prompt().mean()).isPositive();
        assertThat(result.generation().mean()).isPositive();
        assertThat(result.prompt().stddev()).isNotNegative();
        assertThat(result.threads()).isPositive();
    }

    @Test
    void aSkippedTestReportsNoTokens() {
        Benchmark.Result result = new Benchmark(0, 4, 1).run(model.transformer());
        assertThat(result.prompt().tokens()).isZero();
        assertThat(result.prompt().mean()).isZero();
        assertThat(result.generation().mean()).isPositive();
    }

    @Test
    void concurrentStreamsReportTheirAggregateSpeed() {
        Benchmark.Speed speed = new Benchmark(0, 12, 2).concurrentGeneration(model.transformer(), 4);
        assertThat(speed.tokens()).isEqualTo(12);
        assertThat(speed.mean()).isPositive();
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> new Benchmark(-1, 8, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Benchmark(8, 8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Benchmark(8, 0, 1).concurrentGeneration(model.transformer(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generated token");
    }
}
