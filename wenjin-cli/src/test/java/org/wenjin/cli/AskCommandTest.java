package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wenjin ask} on a fresh data directory: the demo knowledge is loaded and the answer is cited. */
class AskCommandTest {
    @TempDir
    Path data;

    @Test
    void aFreshDataDirectoryAnswersTheFirstQuestionWithCitationsAndATrace() throws Exception {
        CliRun run = CliRun.of("ask", "--data", data.toString(), "--json", "Who developed BERT?");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode answer = new ObjectMapper().readTree(run.out());
        assertThat(answer.get("mode").asText()).isEqualTo("extractive");
        assertThat(answer.get("answer").asText()).contains("Google").contains("[1]");
        assertThat(answer.get("citations")).isNotEmpty();
        assertThat(answer.get("trace_id").asText()).isNotBlank();
        assertThat(run.err()).contains("demo knowledge");

        CliRun again = CliRun.of("ask", "--data", data.toString(), "文心一言是哪家公司开发的？");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("百度").contains("[1]");
        assertThat(again.err()).doesNotContain("demo knowledge");
    }

    @Test
    void versionAndHelpWork() {
        assertThat(CliRun.of("--version").out()).startsWith("wenjin ");
        assertThat(CliRun.of("--help").out()).contains("serve", "ask", "chat", "pull", "models", "generate", "tokenize");
        assertThat(CliRun.of("ask", "--help").out()).contains("--json", "--data", "--model");
    }
}
