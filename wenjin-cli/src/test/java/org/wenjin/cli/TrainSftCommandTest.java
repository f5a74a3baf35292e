package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.GenerationResult;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.model.LanguageModel;

/**
 * {@code wenjin train sft} on the real tiny model of the test data (stories260K): a few LoRA steps from JSONL to a
 * GGUF the engine runs, and the ways a run is refused before it trains, each with one message that says why.
 */
class TrainSftCommandTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../shared/testdata"));
    private static final Path STORIES = TESTDATA.resolve("stories260K.gguf");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> STORY_LINES = List.of(
            "Once upon a time, there was a little girl named Lily. She liked to play in the park.",
            "Tom had a big red ball. He threw it to his friend Sue and they laughed.",
            "The sun was warm and the birds sang. A small dog ran to the tree.",
            "Mom made a cake for Ben. It was sweet and he said thank you.",
            "One day, a cat found a box. The cat jumped in and was happy.",
            "Sam and his dad went to the lake. They saw a fish and a duck.");

    @TempDir
    Path directory;

    @Test
    void loraStepsOnTextWriteAModelTheEngineRunsAnAdapterAndTheRunDirectory() throws Exception {
        Path data = textExamples("stories.jsonl");
        Path output = directory.resolve("tuned.gguf");
        Path adapter = directory.resolve("tuned-lora.gguf");

        // Q4_K_M, not Q8_0: stories260K's ffn_down rows of 172 values are no whole number of Q8_0 blocks, and
        // llama.cpp's Q8_0 files have no fallback; Q4_K_M falls back as llama-quantize does.
        CliRun run = train("--data", data.toString(), "--max-steps", "3", "--seq-len", "64", "--batch-tokens", "64",
                "--lora-rank", "4", "--type", "Q4_K_M", "-o", output.toString(), "--adapter-out", adapter.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("# Supervised fine-tuning").contains("LoRA r=4", "| 3 steps of 64 tokens");
        assertThat(run.err()).contains(data + ": 6 examples, 0 skipped", "sft [", "3/3", "loss ", "tokens/s");
        Path runDirectory = directory.resolve("tuned.run");
        for (String file : List.of("run.json", "train.log", "loss.svg", "report.md", "report.json")) {
            assertThat(runDirectory.resolve(file)).as(file).isNotEmptyFile();
        }
        assertThat(runDirectory.resolve("checkpoints")).isDirectory();
        assertThat(JSON.readTree(runDirectory.resolve("run.json").toFile()).get("command").asText())
                .startsWith("wenjin train sft ").contains("--base " + STORIES, "--max-steps 3");
        List<Integer> steps = new ArrayList<>();
        for (String line : Files.readAllLines(runDirectory.resolve("train.log"))) {
            JsonNode step = JSON.readTree(line);
            if (step.has("loss")) {
                steps.add(step.get("step").asInt());
            }
        }
        assertThat(steps).containsExactly(1, 2, 3);

        try (LanguageModel tuned = LanguageModel.load(output)) {
            Session session = new Session(tuned, 64);
            int[] prompt = tuned.tokenizer().encode("Once upon a time", true, false);
            GenerationResult result = session.generate(prompt,
                    GenerationRequest.of(8, SamplingParameters.defaults(1).withTemperature(0f)), GenerationListener.NONE);
            assertThat(result.tokens()).isNotEmpty();
        }
        try (GgufFile lora = GgufFile.open(adapter)) {
            assertThat(lora.findString("general.type")).hasValue("adapter");
            assertThat(lora.findString("adapter.type")).hasValue("lora");
        }
    }

    @Test
    void aCorruptLineIsReportedByItsNumberAndTheRestTrains() throws Exception {
        Path data = directory.resolve("mixed.jsonl");
        List<String> lines = new ArrayList<>();
        for (String story : STORY_LINES.subList(0, 2)) {
            lines.add(JSON.writeValueAsString(Map.of("text", story)));
        }
        lines.add("{\"text\": \"a line cut off in the mid");
        lines.add(JSON.writeValueAsString(Map.of("text", STORY_LINES.get(2))));
        Files.write(data, lines);

        CliRun run = train("--data", data.toString(), "--repeat", "2", "--max-steps", "1", "--seq-len", "64",
                "--batch-tokens", "64", "--lora-rank", "2", "--held-out", "0", "--type", "F32",
                "-o", directory.resolve("out.gguf").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains(data + ":3: invalid JSON",
                data + ": 3 examples, 1 skipped, each repeated 2 times per epoch");
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("stage").asText()).isEqualTo("sft");
        assertThat(report.get("steps").asInt()).isEqualTo(1);
        assertThat(report.get("train_examples").asInt()).isEqualTo(3);
        assertThat(directory.resolve("out.gguf")).isNotEmptyFile();
    }

    @Test
    void aFileWithoutAUsableLineIsRefusedByName() throws Exception {
        Path data = directory.resolve("useless.jsonl");
        Files.write(data, List.of("{\"question\": \"no shape\"}", "[1, 2, 3]", "{\"text\": \"\"}"));

        CliRun run = train("--data", data.toString(), "--max-steps", "1", "--type", "F16",
                "-o", directory.resolve("out.gguf").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("error: no usable record in " + data);
        assertThat(directory.resolve("out.gguf")).doesNotExist();
    }

    @Test
    void anUnknownBaseModelIsNamedWithHowToFindOne() throws Exception {
        CliRun run = train("--base", "no-such-model:7b", "--data", textExamples("stories.jsonl").toString(),
                "-o", directory.resolve("out.gguf").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("no base model 'no-such-model:7b'", "wenjin models", "wenjin pull");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void aRunThatNeedsMoreMemoryThanAllowedIsRefusedWithWhatItNeeds() throws Exception {
        CliRun run = train("--data", textExamples("stories.jsonl").toString(), "--seq-len", "64", "--max-memory", "1m",
                "--type", "F16", "-o", directory.resolve("out.gguf").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("stories260K.gguf needs about", "MiB (weights", "more than the 1.0 MiB");
        assertThat(directory.resolve("out.gguf")).doesNotExist();
    }

    @Test
    void anOutputTypeTheModelCannotHaveIsRefusedBeforeTraining() throws Exception {
        // stories260K's feed-forward rows are 172 values: no whole number of Q8_0's 32-value blocks.
        CliRun run = train("--data", textExamples("stories.jsonl").toString(), "--type", "Q8_0",
                "-o", directory.resolve("out.gguf").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--type Q8_0 is not possible for stories260K.gguf", "blk.0.ffn_down.weight",
                "F16, F32 or Q4_K_M");
        assertThat(directory.resolve("out.run").resolve("train.log")).doesNotExist();
    }

    /** {@code wenjin train sft} on stories260K (unless the arguments name another base) in this test's data directory. */
    private CliRun train(String... args) {
        List<String> command = new ArrayList<>(List.of("train", "sft", "--data-dir", directory.resolve("data").toString()));
        if (!List.of(args).contains("--base")) {
            command.addAll(List.of("--base", STORIES.toString()));
        }
        command.addAll(List.of(args));
        return CliRun.of(command.toArray(String[]::new));
    }

    private Path textExamples(String name) throws IOException {
        Path file = directory.resolve(name);
        List<String> lines = new ArrayList<>();
        for (String story : STORY_LINES) {
            lines.add(JSON.writeValueAsString(Map.of("text", story)));
        }
        Files.write(file, lines);
        return file;
    }
}
