package org.wenjin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.model.LanguageModel;

/**
 * {@code wenjin train sft --resume} after the process was killed with SIGKILL: the run, started again with the same
 * command, ends with the final and held-out losses of the same run never interrupted (within 1e-4), as the command
 * promises. Each run is its own JVM, so what only a real kill or a new process shows is tested too: a checkpoint or
 * a log line cut off half-written, state that lived only in the killed process's memory, a fingerprint that differs
 * from one JVM to the next.
 */
class TrainSftKillResumeTest {
    private static final Path TESTDATA = Path.of(System.getProperty("wenjin.testdata", "../shared/testdata"));
    private static final Path STORIES = TESTDATA.resolve("stories260K.gguf");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The promise of {@code --resume}: the same final loss as the uninterrupted run, to within this. */
    private static final double SAME_LOSS = 1e-4;
    /** A whole run takes seconds; a child still running after this is stuck. */
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
    /** The flags the engine needs, as the {@code wenjin} launcher and surefire's argLine pass them. */
    private static final List<String> JVM_FLAGS =
            List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    /** Twenty sentences: sixteen to train on and four held out. */
    private static final List<String> SENTENCES = List.of(
            "Once upon a time, there was a little girl named Lily. She liked to play in the park.",
            "Tom had a big red ball. He threw it to his friend Sue and they laughed.",
            "The sun was warm and the birds sang. A small dog ran to the tree.",
            "Mom made a cake for Ben. It was sweet and he said thank you.",
            "One day, a cat found a box. The cat jumped in and was happy.",
            "Sam and his dad went to the lake. They saw a fish and a duck.",
            "The old owl lived in a tall tree. At night he looked at the moon.",
            "Anna lost her blue hat in the wind. Her brother found it by the gate.",
            "A little bird could not fly yet. Its mother brought it a worm every day.",
            "Max built a tower of blocks. It fell down, so he built it again, taller.",
            "The frog sat on a green leaf. It jumped into the pond with a splash.",
            "Grandpa told a story about a brave knight. Mia listened and fell asleep.",
            "It rained all day, so Ben and Lucy played with their toys inside.",
            "A kind bear shared his honey with the bees. They became good friends.",
            "The train went fast over the bridge. Tim waved at the people in the field.",
            "Sara planted a seed in the garden. Soon a yellow flower grew from it.",
            "The puppy chased its tail round and round until it was dizzy.",
            "Lily gave her friend a red apple. Her friend smiled and said thank you.",
            "A boat sailed on the big sea. The sailor sang a happy song.",
            "The snowman had a carrot nose. When the sun came out, he began to melt.");

    @TempDir
    Path directory;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killTheChildrenLeft() throws InterruptedException {
        for (Process child : children) {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aRunKilledAfterItsStepSixCheckpointResumesToTheLossOfTheUninterruptedRun() throws Exception {
        Path data = sentences();

        Child whole = start("whole", train(data, "whole"));
        assertThat(whole.awaitExit()).as(whole.tails()).isZero();
        JsonNode wholeReport = JSON.readTree(directory.resolve("whole.run/report.json").toFile());
        // Training moves the held-out loss by far more than the tolerance: agreeing within it is no accident.
        assertThat(Math.abs(wholeReport.get("eval_loss_after").asDouble() - wholeReport.get("eval_loss_before").asDouble()))
                .as("held-out loss moved by training").isGreaterThan(100 * SAME_LOSS);

        Path killedRun = directory.resolve("killed.run");
        Child killed = start("killed", train(data, "killed"));
        long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        while (!Files.exists(killedRun.resolve("checkpoints/step-000006/state.json")) && lastStep(killedRun) < 7) {
            assertThat(killed.process().isAlive()).as("the run ended before its step-6 checkpoint:\n" + killed.tails())
                    .isTrue();
            assertThat(System.nanoTime()).as("no step-6 checkpoint in " + CHILD_TIMEOUT + ":\n" + killed.tails())
                    .isLessThan(deadline);
            Thread.sleep(2);
        }
        killed.process().destroyForcibly();
        int killedExit = killed.awaitExit();
        String afterKill = "killed at logged step " + lastStep(killedRun) + ", exit " + killedExit + ", checkpoints "
                + checkpoints(killedRun) + ":\n" + killed.tails();
        assertThat(killedExit).as(afterKill).isNotZero();
        assertThat(directory.resolve("killed.gguf")).as(afterKill).doesNotExist();
        assertThat(killedRun.resolve("report.json")).as(afterKill).doesNotExist();

        List<String> resume = new ArrayList<>(train(data, "killed"));
        resume.add("--resume");
        Child resumed = start("resumed", resume);
        assertThat(resumed.awaitExit()).as(afterKill + "\nresumed:\n" + resumed.tails()).isZero();

        JsonNode report = JSON.readTree(killedRun.resolve("report.json").toFile());
        Map<Integer, Double> resumedLosses = losses(killedRun);
        Map<Integer, Double> wholeLosses = losses(directory.resolve("whole.run"));
        String compared = afterKill + "\nresumed: " + report + "\n  losses " + resumedLosses + "\nuninterrupted: "
                + wholeReport + "\n  losses " + wholeLosses;
        assertThat(report.get("resumed_from").asInt()).as(compared).isBetween(6, 11);
        assertThat(report.get("steps").asInt()).isEqualTo(12);
        assertThat(steps(killedRun)).as("steps in train.log").containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(resumedLosses.keySet()).isEqualTo(wholeLosses.keySet());
        for (int step : wholeLosses.keySet()) {
            assertThat(resumedLosses.get(step)).as("loss of step " + step + "\n" + compared)
                    .isCloseTo(wholeLosses.get(step), within(SAME_LOSS));
        }
        assertThat(report.get("final_loss").asDouble()).as(compared)
                .isCloseTo(wholeReport.get("final_loss").asDouble(), within(SAME_LOSS));
        assertThat(report.get("eval_loss_before").asDouble()).as(compared)
                .isCloseTo(wholeReport.get("eval_loss_before").asDouble(), within(SAME_LOSS));
        assertThat(report.get("eval_loss_after").asDouble()).as(compared)
                .isCloseTo(wholeReport.get("eval_loss_after").asDouble(), within(SAME_LOSS));

        assertThat(greedyContinuation(directory.resolve("killed.gguf")))
                .isEqualTo(greedyContinuation(directory.resolve("whole.gguf")));
    }

    /**
     * {@code wenjin train sft} on stories260K: twelve steps of two 64-token sequences, a checkpoint every three, LoRA
     * with dropout (which a resumed step must repeat exactly), one libtorch thread (the same sums in every process),
     * and a learning rate at which the twelve steps move the losses by far more than the tolerance.
     */
    private List<String> train(Path data, String name) {
        return List.of("train", "sft", "--base", STORIES.toString(), "--data", data.toString(),
                "--max-steps", "12", "--checkpoint-every", "3", "--seq-len", "64", "--batch-tokens", "128",
                "--lora-rank", "4", "--lora-dropout", "0.1", "--lr", "1e-2", "--held-out", "0.2", "--seed", "5",
                "--threads", "1", "--type", "F32", "-o", directory.resolve(name + ".gguf").toString(),
                "--run-dir", directory.resolve(name + ".run").toString(), "--json",
                "--data-dir", directory.resolve("data").toString());
    }

    /** A {@code wenjin} process, its standard output and error going to files named after it. */
    private record Child(Process process, Path out, Path err) {

        /** Waits for the process to end and returns its exit code; kills it if it is still running after the timeout. */
        int awaitExit() throws InterruptedException {
            try {
                if (!process.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError("still running after " + CHILD_TIMEOUT + ":\n" + tails());
                }
                return process.exitValue();
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }

        /** The last lines the process printed, for assertion messages. */
        String tails() {
            return "stdout " + out + ":\n" + tail(out) + "\nstderr " + err + ":\n" + tail(err);
        }

        private static String tail(Path file) {
            try {
                List<String> lines = Files.readString(file, StandardCharsets.UTF_8).lines().toList();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * Starts {@code wenjin ARGS} in a new JVM on this test's class path, with the DJL settings the build gives the
     * tests (libtorch's cache under target/, its threads).
     */
    private Child start(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.equals("DJL_CACHE_DIR") || key.startsWith("ai.djl."))
                .sorted()
                .forEach(key -> command.add("-D" + key + "=" + System.getProperty(key)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        Path out = directory.resolve(name + ".out");
        Path err = directory.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        children.add(process);
        return new Child(process, out, err);
    }

    /** The steps of a run's train.log in order; a line cut off by the kill is not a step. */
    private static List<Integer> steps(Path run) throws IOException {
        List<Integer> steps = new ArrayList<>();
        for (JsonNode line : logLines(run)) {
            steps.add(line.get("step").asInt());
        }
        return steps;
    }

    private static int lastStep(Path run) throws IOException {
        return steps(run).stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    /** The training loss of each step of a run's train.log. */
    private static Map<Integer, Double> losses(Path run) throws IOException {
        Map<Integer, Double> losses = new LinkedHashMap<>();
        for (JsonNode line : logLines(run)) {
            if (line.has("loss")) {
                losses.put(line.get("step").asInt(), line.get("loss").asDouble());
            }
        }
        return losses;
    }

    private static List<JsonNode> logLines(Path run) throws IOException {
        Path log = run.resolve("train.log");
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(log)) {
            return lines;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node != null && node.has("step")) {
                    lines.add(node);
                }
            } catch (IOException cutOff) {
                // The line the process was writing when it was killed.
            }
        }
        return lines;
    }

    private static List<String> checkpoints(Path run) throws IOException {
        Path root = run.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Eight tokens the model writes greedily after "Once upon a time". */
    private static List<Integer> greedyContinuation(Path model) throws IOException {
        try (LanguageModel tuned = LanguageModel.load(model)) {
            Session session = new Session(tuned, 64);
            int[] prompt = tuned.tokenizer().encode("Once upon a time", true, false);
            int[] tokens = session.generate(prompt,
                    GenerationRequest.of(8, SamplingParameters.defaults(1).withTemperature(0f)),
                    GenerationListener.NONE).tokens();
            assertThat(tokens).as(model + " writes").isNotEmpty();
            return Arrays.stream(tokens).boxed().toList();
        }
    }

    private Path sentences() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String sentence : SENTENCES) {
            lines.add(JSON.writeValueAsString(Map.of("text", sentence)));
        }
        Path file = directory.resolve("sentences.jsonl");
        Files.write(file, lines);
        return file;
    }
}
