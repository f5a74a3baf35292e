package org.wenjin.llm.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The llama.cpp that node-llama-cpp 3.22.1 ships prebuilt (it knows Qwen3), driven through
 * {@code src/test/resources/llama-cpp-node/reference.mjs}: one Node process per instance, one JSON request
 * per line on its stdin, one JSON answer per line on its stdout.
 *
 * <p>The folder needs its {@code node_modules} ({@code npm install} there; {@code .ci/run} does it). The tests
 * find the folder through the system property {@code wenjin.llamaCppNode}, set by wenjin-llm's POM; without
 * it, as in the tests of other modules, which use this class from wenjin-llm's test jar, at
 * {@code src/test/resources/llama-cpp-node} of wenjin-llm beside the working directory's module.
 *
 * <p>The process keeps each model (and adapter) it has loaded by path, so a file must not change while an
 * instance runs: write each variant under a name of its own.
 */
public final class NodeLlamaCpp implements ReferenceLlama {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long one request may take; tiny models answer in well under a second. */
    private static final long ANSWER_TIMEOUT_SECONDS = 120;

    private final Process node;
    private final Writer requests;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer errors = new StringBuffer();
    private final String llamaCppRelease;

    private NodeLlamaCpp(Path folder) throws IOException {
        node = new ProcessBuilder("node", "reference.mjs").directory(folder.toFile()).start();
        requests = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("node-llama-cpp stdout").start(() -> pump(
                new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)), true));
        Thread.ofPlatform().daemon().name("node-llama-cpp stderr").start(() -> pump(
                new BufferedReader(new InputStreamReader(node.getErrorStream(), StandardCharsets.UTF_8)), false));
        ObjectNode info = JSON.createObjectNode().put("op", "info");
        llamaCppRelease = ask(info).path("llamaCpp").asText("?");
    }

    /**
     * Starts the Node reference, or says why it cannot run here: Node.js missing or the npm packages not
     * installed.
     */
    public static NodeLlamaCpp start() {
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        try {
            return new NodeLlamaCpp(folder());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node in " + folder(), e);
        }
    }

    /** Why the Node reference cannot run on this machine, or empty if it can. */
    public static Optional<String> unavailableReason() {
        Path folder = folder();
        if (!Files.isRegularFile(folder.resolve("reference.mjs"))) {
            return Optional.of("no reference.mjs in " + folder);
        }
        if (!Files.isDirectory(folder.resolve("node_modules/node-llama-cpp"))) {
            return Optional.of("node-llama-cpp is not installed: run 'npm install' in " + folder);
        }
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                return Optional.of("'node --version' failed");
            }
        } catch (IOException e) {
            return Optional.of("Node.js is not on the PATH (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
        return Optional.empty();
    }

    private static Path folder() {
        String configured = System.getProperty("wenjin.llamaCppNode");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path own = Path.of("src/test/resources/llama-cpp-node");
        Path sibling = Path.of("..", "wenjin-llm", "src", "test", "resources", "llama-cpp-node");
        return Files.isRegularFile(own.resolve("reference.mjs")) || !Files.isDirectory(sibling) ? own : sibling;
    }

    @Override
    public String name() {
        return "llama.cpp " + llamaCppRelease + " (node-llama-cpp 3.22.1)";
    }

    @Override
    public int[] tokenize(Path gguf, String text, boolean addSpecial, boolean parseSpecial) {
        ObjectNode request = request("tokenize", gguf).put("text", text).put("addSpecial", addSpecial)
                .put("parseSpecial", parseSpecial);
        return ids(ask(request).path("tokens"));
    }

    @Override
    public List<TopK> teacherForced(Path gguf, int[] tokens, int k) {
        ObjectNode request = request("teacherForced", gguf).put("k", k);
        request.set("tokens", JSON.valueToTree(tokens));
        List<TopK> positions = new ArrayList<>();
        for (JsonNode position : ask(request).path("positions")) {
            int[] ids = ids(position.path("ids"));
            float[] logits = new float[ids.length];
            double[] probabilities = new double[ids.length];
            for (int j = 0; j < ids.length; j++) {
                logits[j] = (float) position.path("logits").path(j).asDouble();
                probabilities[j] = position.path("probabilities").path(j).asDouble();
            }
            positions.add(new TopK(ids, logits, probabilities));
        }
        if (positions.size() != tokens.length) {
            throw new IllegalStateException(name() + " returned " + positions.size() + " positions for "
                    + tokens.length + " tokens");
        }
        return positions;
    }

    @Override
    public int[] greedy(Path gguf, int[] prompt, int n) {
        ObjectNode request = request("greedy", gguf).put("n", n);
        request.set("prompt", JSON.valueToTree(prompt));
        return ids(ask(request).path("tokens"));
    }

    /**
     * The {@code n} tokens llama.cpp generates greedily after {@code prompt} from {@code gguf} with the LoRA
     * adapter GGUF {@code adapter} applied at {@code scale} (llama.cpp's {@code --lora-scaled}; 1 applies
     * it as trained).
     */
    public int[] greedy(Path gguf, Path adapter, float scale, int[] prompt, int n) {
        ObjectNode request = request("greedy", gguf).put("n", n);
        request.set("prompt", JSON.valueToTree(prompt));
        request.putObject("lora").put("path", adapter.toAbsolutePath().toString()).put("scale", scale);
        return ids(ask(request).path("tokens"));
    }

    @Override
    public void close() {
        try {
            requests.close();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } catch (IOException e) {
            node.destroyForcibly();
        } catch (InterruptedException e) {
            node.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode request(String op, Path gguf) {
        return JSON.createObjectNode().put("op", op).put("gguf", gguf.toAbsolutePath().toString());
    }

    private synchronized JsonNode ask(ObjectNode request) {
        try {
            requests.write(JSON.writeValueAsString(request));
            requests.write('\n');
            requests.flush();
            String line = answers.poll(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("node-llama-cpp gave no answer to " + request.path("op").asText()
                        + " within " + ANSWER_TIMEOUT_SECONDS + " s" + stderr());
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.has("error")) {
                throw new IllegalStateException("node-llama-cpp failed " + request.path("op").asText() + " on "
                        + request.path("gguf").asText() + ": " + answer.path("error").asText() + stderr());
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("node-llama-cpp process failed" + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String stderr() {
        String text = errors.toString().strip();
        return text.isEmpty() ? "" : "; its stderr:\n" + text.substring(Math.max(0, text.length() - 2000));
    }

    private void pump(BufferedReader in, boolean isAnswers) {
        try (in) {
            for (String line; (line = in.readLine()) != null; ) {
                if (isAnswers) {
                    answers.add(line);
                } else {
                    errors.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            errors.append(e).append('\n');
        }
    }

    private static int[] ids(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalStateException("expected an array of token ids, got " + array);
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
